package dev.resultstore.nats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InFlightTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  private long sequence;

  @Test
  void a_waiting_reserve_goes_on_as_soon_as_a_settlement_frees_a_message() throws Exception {
    InFlight inFlight = new InFlight(4, 1 << 20);
    List<Delivery> held = hold(inFlight, 4);
    CompletableFuture<InFlight.Reservation> reserved = reserveLater(inFlight, 4, 1);

    Thread.sleep(100);
    assertThat(reserved).isNotDone();
    inFlight.settle(held.get(0), message -> {});

    InFlight.Reservation reservation = reserved.get(5, TimeUnit.SECONDS);
    assertThat(reservation.messages()).isEqualTo(1);
  }

  @Test
  void a_reserve_lingering_for_enough_room_goes_on_once_that_much_is_settled() throws Exception {
    InFlight inFlight = new InFlight(8, 1 << 20);
    List<Delivery> held = hold(inFlight, 8);
    CompletableFuture<InFlight.Reservation> reserved = reserveLater(inFlight, 8, 4);

    inFlight.settle(held.get(0), message -> {});
    Thread.sleep(100);
    for (int i = 1; i < 4; i++) {
      assertThat(reserved).isNotDone();
      inFlight.settle(held.get(i), message -> {});
    }

    InFlight.Reservation reservation = reserved.get(5, TimeUnit.SECONDS);
    assertThat(reservation.messages()).isEqualTo(4);
  }

  @Test
  void a_waiting_reserve_goes_on_when_the_bytes_it_needs_are_settled() throws Exception {
    InFlight inFlight = new InFlight(100, 1_000);
    List<Delivery> held = hold(inFlight, 2); // 2 x 400 bytes: 200 free, 500 needed
    CompletableFuture<InFlight.Reservation> reserved =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return inFlight.reserve(10, 1, 500, 1_000, LONG, Duration.ZERO);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });

    Thread.sleep(100);
    assertThat(reserved).isNotDone();
    inFlight.settle(held.get(0), message -> {});

    assertThat(reserved.get(5, TimeUnit.SECONDS).bytes()).isGreaterThanOrEqualTo(500);
  }

  private CompletableFuture<InFlight.Reservation> reserveLater(
      InFlight inFlight, int max, int enough) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return inFlight.reserve(max, enough, 1, 1 << 20, LONG, LONG);
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** Holds {@code count} messages of 400 bytes each. */
  private List<Delivery> hold(InFlight inFlight, int count) {
    List<Delivery> held = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Delivery delivery =
          Delivery.of(
              new FakeMessage(
                  "runtime.serverless.result.app",
                  "x".repeat(400).getBytes(StandardCharsets.UTF_8),
                  1,
                  ++sequence));
      inFlight.adopt(delivery);
      held.add(delivery);
    }
    return held;
  }
}
