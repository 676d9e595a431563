package dev.resultstore.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock in UTC that tests set and advance by hand. Thread-safe. */
public final class MutableClock extends Clock {
  private final AtomicReference<Instant> now;

  /** A clock that reads {@code start} until it is changed. */
  public MutableClock(Instant start) {
    now = new AtomicReference<>(start);
  }

  /** Moves the clock forward (or back, for a negative {@code amount}). */
  public void advance(Duration amount) {
    now.updateAndGet(instant -> instant.plus(amount));
  }

  /** Sets the time. */
  public void set(Instant instant) {
    now.set(instant);
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** Always UTC; this clock has no other zone. */
  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
