package dev.resultstore.nats;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls a {@link SourceListener} and logs, instead of propagating, what it throws. */
final class SafeListener implements SourceListener {
  private static final Logger LOG = LoggerFactory.getLogger(SafeListener.class);

  private final SourceListener delegate;

  SafeListener(SourceListener delegate) {
    this.delegate = delegate == null ? SourceListener.NONE : delegate;
  }

  @Override
  public void received() {
    try {
      delegate.received();
    } catch (RuntimeException e) {
      failed("received", e);
    }
  }

  @Override
  public void stored(Duration writeLatency, Duration endToEndLag, boolean redelivered) {
    try {
      delegate.stored(writeLatency, endToEndLag, redelivered);
    } catch (RuntimeException e) {
      failed("stored", e);
    }
  }

  @Override
  public void expired() {
    try {
      delegate.expired();
    } catch (RuntimeException e) {
      failed("expired", e);
    }
  }

  @Override
  public void deadLettered(FailureClass failureClass) {
    try {
      delegate.deadLettered(failureClass);
    } catch (RuntimeException e) {
      failed("deadLettered", e);
    }
  }

  @Override
  public void deadLetterFailed() {
    try {
      delegate.deadLetterFailed();
    } catch (RuntimeException e) {
      failed("deadLetterFailed", e);
    }
  }

  @Override
  public void transientRetry() {
    try {
      delegate.transientRetry();
    } catch (RuntimeException e) {
      failed("transientRetry", e);
    }
  }

  @Override
  public void outage(boolean inOutage) {
    try {
      delegate.outage(inOutage);
    } catch (RuntimeException e) {
      failed("outage", e);
    }
  }

  @Override
  public void pullStatus(int code) {
    try {
      delegate.pullStatus(code);
    } catch (RuntimeException e) {
      failed("pullStatus", e);
    }
  }

  private static void failed(String method, RuntimeException e) {
    LOG.warn("SourceListener.{} threw; ignored", method, e);
  }
}
