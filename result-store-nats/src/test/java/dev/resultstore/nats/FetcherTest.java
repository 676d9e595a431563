package dev.resultstore.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.resultstore.core.RawJson;
import dev.resultstore.core.TransientStoreException;
import dev.resultstore.core.testing.TestResults;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The fetch loop's accounting, driven by a fake pull subscription: no NATS, no network. */
class FetcherTest {
  private static final long MIB = 1024 * 1024;

  private static Fetcher fetcher(PipelineHarness loop, FakePullSubscription subscription) {
    return new Fetcher(
        () -> true,
        () -> subscription,
        loop.config,
        loop.inFlight,
        loop.pipeline,
        () -> MIB + DeadLetters.HEADER_ALLOWANCE,
        subscription);
  }

  /** An event whose body is a JSON string of about {@code bytes} bytes. */
  private static byte[] largeEvent(int bytes) {
    return TestNats.event(
        TestResults.result("app", Instant.now())
            .body(RawJson.of("\"" + "x".repeat(bytes) + "\""))
            .build());
  }

  private static ScriptedSink holdingSink() {
    return new ScriptedSink().gated(result -> new CompletableFuture<>());
  }

  @Test
  void a_pull_failing_mid_batch_gives_back_only_what_no_message_took() {
    NatsSourceConfig config = NatsSourceConfig.builder().maxInFlight(8).fetchBatchSize(8).build();
    try (PipelineHarness loop = new PipelineHarness(config, holdingSink())) {
      FakePullSubscription subscription = new FakePullSubscription();
      subscription
          .arrive(loop.message(TestNats.result("app"), 1), loop.message(TestNats.result("app"), 1))
          .failWith(new IllegalStateException("409 Leadership Change"));
      Fetcher fetcher = fetcher(loop, subscription);

      assertThatThrownBy(fetcher::step).hasMessageContaining("409");

      assertThat(loop.inFlight.size()).isEqualTo(2);
      assertThat(loop.inFlight.freeMessages()).isEqualTo(6);
      for (Delivery held : loop.inFlight.snapshot()) {
        loop.inFlight.settle(held, message -> message.nak());
      }
      assertThat(loop.inFlight.freeMessages()).isEqualTo(8);
      assertThat(loop.inFlight.freeBytes()).isEqualTo(config.maxInFlightBytes());
    }
  }

  @Test
  void a_pull_asks_for_no_more_bytes_than_the_budget_has_free() throws Exception {
    NatsSourceConfig config = NatsSourceConfig.builder().maxInFlightBytes(4 * MIB).build();
    try (PipelineHarness loop = new PipelineHarness(config, holdingSink())) {
      byte[] large = largeEvent(1_000_000);
      FakePullSubscription subscription = new FakePullSubscription();
      subscription.arrive(loop.message(large, 1), loop.message(large, 1));
      Fetcher fetcher = fetcher(loop, subscription);

      fetcher.step(); // takes the two waiting messages, then pulls for the rest
      long held = loop.inFlight.heldBytes();

      assertThat(held).isGreaterThan(2_000_000);
      assertThat(subscription.pulls).hasSize(1);
      long[] pull = subscription.pulls.get(0);
      assertThat(pull[1]).isLessThanOrEqualTo(4 * MIB - held).isGreaterThanOrEqualTo(MIB);
    }
  }

  @Test
  void no_pull_while_the_held_bytes_leave_no_room_for_the_largest_message() throws Exception {
    NatsSourceConfig config = NatsSourceConfig.builder().maxInFlightBytes(2 * MIB).build();
    try (PipelineHarness loop = new PipelineHarness(config, holdingSink())) {
      byte[] large = largeEvent(1_200_000);
      FakePullSubscription subscription = new FakePullSubscription().arrive(loop.message(large, 1));
      Fetcher fetcher = fetcher(loop, subscription);
      fetcher.step();
      subscription.pulls.clear();

      fetcher.step();

      assertThat(subscription.pulls).isEmpty();
      assertThat(loop.inFlight.size()).isEqualTo(1);
    }
  }

  @Test
  void messages_waiting_in_the_subscription_during_an_outage_are_held_and_kept_alive()
      throws Exception {
    ScriptedSink sink =
        new ScriptedSink()
            .failing(r -> new TransientStoreException("down", null))
            .probing(() -> new TransientStoreException("down", null));
    try (PipelineHarness loop = new PipelineHarness(PipelineHarness.quickConfig().build(), sink)) {
      loop.accept(loop.message(TestNats.result("app"), 1));
      await().atMost(Duration.ofSeconds(10)).until(() -> loop.pipeline.outage().active());
      FakeMessage late = loop.message(TestNats.result("app"), 1);
      FakePullSubscription subscription = new FakePullSubscription().arrive(late);

      fetcher(loop, subscription).step();
      loop.inFlight.keepAlive(Duration.ZERO);

      assertThat(loop.inFlight.size()).isEqualTo(2);
      assertThat(late.actions).contains("progress").doesNotContain("nak", "ack");
      assertThat(subscription.pulls).isEmpty();
    }
  }
}
