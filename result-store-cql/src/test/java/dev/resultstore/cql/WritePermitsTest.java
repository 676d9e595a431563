package dev.resultstore.cql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resultstore.core.TransientStoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WritePermitsTest {

  @Test
  void permits_are_granted_at_once_up_to_the_bound_then_in_order() {
    WritePermits permits = new WritePermits(2, 10);

    CompletableFuture<Void> first = permits.acquire();
    CompletableFuture<Void> second = permits.acquire();
    CompletableFuture<Void> third = permits.acquire();
    CompletableFuture<Void> fourth = permits.acquire();

    assertThat(first).isDone();
    assertThat(second).isDone();
    assertThat(third).isNotDone();
    assertThat(fourth).isNotDone();
    assertThat(permits.inFlight()).isEqualTo(2);
    assertThat(permits.waiting()).isEqualTo(2);

    permits.release();
    assertThat(third).isDone();
    assertThat(fourth).isNotDone();
    permits.release();
    assertThat(fourth).isDone();
    permits.release();
    permits.release();
    assertThat(permits.inFlight()).isZero();
    assertThat(permits.waiting()).isZero();
  }

  @Test
  void when_the_waiting_queue_is_full_acquire_fails_as_transient() {
    WritePermits permits = new WritePermits(1, 1);
    permits.acquire();
    permits.acquire();

    assertThatThrownBy(permits::acquire)
        .isInstanceOf(TransientStoreException.class)
        .hasMessageContaining("1 writes are in flight and 1 wait");
  }

  @Test
  void waiters_that_release_at_once_do_not_deepen_the_stack() {
    WritePermits permits = new WritePermits(1, 100_000);
    permits.acquire();
    AtomicInteger ran = new AtomicInteger();
    List<CompletableFuture<Void>> waiters = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      // Each waiter's "write" fails at once and releases inside the release that woke it.
      waiters.add(
          permits
              .acquire()
              .whenComplete(
                  (ignored, error) -> {
                    ran.incrementAndGet();
                    permits.release();
                  }));
    }

    permits.release();

    assertThat(ran).hasValue(50_000);
    assertThat(waiters).allSatisfy(waiter -> assertThat(waiter).isDone());
    assertThat(permits.inFlight()).isZero();
  }

  @Test
  void permits_released_during_hand_off_after_go_to_the_waiting_writes_even_when_it_throws() {
    WritePermits permits = new WritePermits(1, 10);
    assertThat(permits.acquire()).isCompleted();
    CompletableFuture<Void> waiter = permits.acquire();

    assertThatThrownBy(
            () ->
                permits.handOffAfter(
                    () -> {
                      permits.release();
                      assertThat(waiter).isNotDone();
                      throw new IllegalStateException("a completion failed");
                    }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(waiter).isCompleted();
    assertThat(permits.inFlight()).isEqualTo(1);
  }

  @Test
  void permits_are_exhausted_exactly_while_every_one_is_held() {
    WritePermits permits = new WritePermits(2, 10);
    permits.acquire();
    assertThat(permits.exhausted()).isFalse();

    permits.acquire();
    assertThat(permits.exhausted()).isTrue();

    permits.release();
    assertThat(permits.exhausted()).isFalse();
  }
}
