package dev.resultstore.nats;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts what a source reports. */
final class CountingListener implements SourceListener {
  final AtomicInteger received = new AtomicInteger();
  final AtomicInteger stored = new AtomicInteger();
  final AtomicInteger duplicates = new AtomicInteger();
  final AtomicInteger expired = new AtomicInteger();
  final AtomicInteger transientRetries = new AtomicInteger();
  final AtomicInteger deadLetterFailures = new AtomicInteger();
  final AtomicInteger outagesEntered = new AtomicInteger();
  final AtomicInteger outagesLeft = new AtomicInteger();
  final Map<FailureClass, AtomicInteger> deadLettered = new ConcurrentHashMap<>();
  final Map<Integer, AtomicInteger> pullStatuses = new ConcurrentHashMap<>();
  volatile boolean inOutage;
  volatile Duration lastLag;

  @Override
  public void received() {
    received.incrementAndGet();
  }

  @Override
  public void stored(Duration writeLatency, Duration endToEndLag, boolean redelivered) {
    stored.incrementAndGet();
    if (redelivered) {
      duplicates.incrementAndGet();
    }
    lastLag = endToEndLag;
  }

  @Override
  public void expired() {
    expired.incrementAndGet();
  }

  @Override
  public void deadLettered(FailureClass failureClass) {
    deadLettered.computeIfAbsent(failureClass, c -> new AtomicInteger()).incrementAndGet();
  }

  @Override
  public void deadLetterFailed() {
    deadLetterFailures.incrementAndGet();
  }

  @Override
  public void transientRetry() {
    transientRetries.incrementAndGet();
  }

  @Override
  public void outage(boolean value) {
    inOutage = value;
    (value ? outagesEntered : outagesLeft).incrementAndGet();
  }

  @Override
  public void pullStatus(int code) {
    pullStatuses.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
  }

  int pullStatuses(int code) {
    AtomicInteger count = pullStatuses.get(code);
    return count == null ? 0 : count.get();
  }

  int deadLetteredAs(FailureClass failureClass) {
    AtomicInteger count = deadLettered.get(failureClass);
    return count == null ? 0 : count.get();
  }
}
