package dev.resultstore.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.PermanentStoreException;
import dev.resultstore.core.TransientStoreException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The pipeline's decisions, driven by fake messages and a scripted sink: no NATS, no network. */
class PipelineTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  @Test
  void a_message_redelivered_by_restarts_keeps_its_whole_retry_budget() {
    // Delivered five times already (restarts, drains), never failed: its first processing
    // failure is failure 1 of 5, nak'ed with the first back-off step, not dead-lettered.
    ScriptedSink sink = new ScriptedSink().failing(r -> new IllegalStateException("a bug"));
    try (PipelineHarness loop = new PipelineHarness(NatsSourceConfig.builder().build(), sink)) {
      FakeMessage message = loop.message(TestNats.result("app"), 5);

      loop.accept(message);

      await().atMost(PATIENCE).until(message::settled);
      assertThat(message.actions).containsExactly("nak PT2S");
      assertThat(loop.deadLetters.letters).isEmpty();
    }
  }

  @Test
  void processing_failures_are_counted_per_message_and_dead_lettered_at_max_deliver() {
    ScriptedSink sink = new ScriptedSink().failing(r -> new IllegalStateException("a bug"));
    NatsSourceConfig config =
        NatsSourceConfig.builder()
            .maxDeliver(3)
            .backoff(java.util.List.of(Duration.ofSeconds(1), Duration.ofSeconds(4)))
            .build();
    try (PipelineHarness loop = new PipelineHarness(config, sink)) {
      InvocationResult result = TestNats.result("app");
      FakeMessage first =
          new FakeMessage("runtime.serverless.result.app", TestNats.event(result), 1, 7);
      FakeMessage second =
          new FakeMessage("runtime.serverless.result.app", TestNats.event(result), 2, 7);
      FakeMessage third =
          new FakeMessage("runtime.serverless.result.app", TestNats.event(result), 3, 7);

      loop.accept(first);
      await().atMost(PATIENCE).until(first::settled);
      loop.accept(second);
      await().atMost(PATIENCE).until(second::settled);
      loop.accept(third);
      await().atMost(PATIENCE).until(third::settled);

      assertThat(first.actions).containsExactly("nak PT1S");
      assertThat(second.actions).containsExactly("nak PT4S");
      assertThat(third.actions).containsExactly("term");
      assertThat(loop.deadLetters.letters)
          .singleElement()
          .asString()
          .startsWith("retry_exhausted: failed 3 times (retry.maxDeliver), last with:");
    }
  }

  @Test
  void a_message_on_the_consumers_last_delivery_is_dead_lettered_instead_of_nakked() {
    ScriptedSink sink = new ScriptedSink().failing(r -> new IllegalStateException("a bug"));
    try (PipelineHarness loop = new PipelineHarness(NatsSourceConfig.builder().build(), sink)) {
      loop.pipeline.serverMaxDeliver(5);
      FakeMessage message = loop.message(TestNats.result("app"), 5);

      loop.accept(message);

      await().atMost(PATIENCE).until(message::settled);
      assertThat(message.actions).containsExactly("term");
      assertThat(loop.deadLetters.letters)
          .singleElement()
          .asString()
          .startsWith("retry_exhausted: delivery 5 is the consumer's last");
    }
  }

  @Test
  void giving_back_a_message_on_its_last_delivery_dead_letters_it_and_others_are_nakked() {
    ScriptedSink sink =
        new ScriptedSink().gated(r -> new java.util.concurrent.CompletableFuture<>());
    try (PipelineHarness loop = new PipelineHarness(NatsSourceConfig.builder().build(), sink)) {
      loop.pipeline.serverMaxDeliver(5);
      FakeMessage last = loop.message(TestNats.result("app"), 5);
      FakeMessage earlier = loop.message(TestNats.result("app"), 4);
      Delivery lastDelivery = loop.accept(last);
      Delivery earlierDelivery = loop.accept(earlier);

      loop.pipeline.giveBack(lastDelivery, "the source stopped");
      loop.pipeline.giveBack(earlierDelivery, "the source stopped");

      assertThat(last.actions).containsExactly("term");
      assertThat(earlier.actions).containsExactly("nak");
      assertThat(loop.inFlight.size()).isZero();
    }
  }

  @Test
  void an_outage_parks_without_nak_and_ends_when_the_store_probe_answers() {
    AtomicBoolean down = new AtomicBoolean(true);
    ScriptedSink sink =
        new ScriptedSink()
            .failing(r -> down.get() ? new TransientStoreException("down", null) : null)
            .probing(() -> down.get() ? new TransientStoreException("down", null) : null);
    try (PipelineHarness loop = new PipelineHarness(PipelineHarness.quickConfig().build(), sink)) {
      FakeMessage message = loop.message(TestNats.result("app"), 1);

      loop.accept(message);
      await().atMost(PATIENCE).until(() -> sink.probes.get() >= 5);
      assertThat(loop.pipeline.outage().active()).isTrue();
      assertThat(message.actions).isEmpty();

      down.set(false);

      await().atMost(PATIENCE).until(message::settled);
      assertThat(message.actions).containsExactly("ack");
      assertThat(loop.pipeline.outage().active()).isFalse();
      assertThat(loop.deadLetters.letters).isEmpty();
    }
  }

  @Test
  void one_message_that_always_fails_transiently_does_not_halt_the_instance() {
    // The store answers (its probe succeeds) but this one result's write always fails
    // "transiently": after a few such failures it goes the bounded retry path (nak with
    // back-off), and the outage ends, so the instance fetches again.
    ScriptedSink sink =
        new ScriptedSink().failing(r -> new TransientStoreException("timed out", null));
    try (PipelineHarness loop = new PipelineHarness(PipelineHarness.quickConfig().build(), sink)) {
      FakeMessage message = loop.message(TestNats.result("app"), 1);

      loop.accept(message);

      await().atMost(PATIENCE).until(message::settled);
      assertThat(message.actions).containsExactly("nak PT2S");
      await().atMost(PATIENCE).until(() -> !loop.pipeline.outage().active());
      assertThat(loop.inFlight.size()).isZero();
    }
  }

  @Test
  void a_worker_pool_that_refuses_the_task_strands_no_message() {
    Executor refusing =
        task -> {
          throw new RejectedExecutionException("full");
        };
    ScriptedSink sink =
        new ScriptedSink().failing(r -> new PermanentStoreException("refused", null));
    try (PipelineHarness loop =
        new PipelineHarness(NatsSourceConfig.builder().build(), sink, refusing)) {
      FakeMessage refused = loop.message(TestNats.result("app"), 1);
      FakeMessage malformed = loop.message("not json", 1);

      loop.accept(refused);
      loop.accept(malformed);

      await().atMost(PATIENCE).until(() -> refused.settled() && malformed.settled());
      assertThat(loop.deadLetters.letters).hasSize(2);
      assertThat(loop.inFlight.size()).isZero();
    }
  }

  @Test
  void a_completion_more_than_a_day_ahead_is_dead_lettered_not_kept_for_decades() {
    ScriptedSink sink = new ScriptedSink();
    try (PipelineHarness loop = new PipelineHarness(NatsSourceConfig.builder().build(), sink)) {
      InvocationResult future =
          TestNats.result("app").toBuilder()
              .completedAt(java.time.Instant.now().plus(Duration.ofDays(7300)))
              .build();
      InvocationResult soon =
          TestNats.result("app").toBuilder()
              .completedAt(java.time.Instant.now().plus(Duration.ofHours(1)))
              .build();
      FakeMessage far = loop.message(future, 1);
      FakeMessage near = loop.message(soon, 1);

      loop.accept(far);
      loop.accept(near);

      await().atMost(PATIENCE).until(() -> far.settled() && near.settled());
      assertThat(far.actions).containsExactly("term");
      assertThat(loop.deadLetters.letters)
          .singleElement()
          .asString()
          .contains("malformed_message: completedAt:", "in the future");
      assertThat(near.actions).containsExactly("ack");
      assertThat(sink.writesOf(future.invocationId())).isZero();
    }
  }

  @Test
  void an_error_quoting_a_huge_value_is_cut_in_the_dead_letter() {
    String huge = "x".repeat(1_000_000);
    ScriptedSink sink = new ScriptedSink();
    try (PipelineHarness loop = new PipelineHarness(NatsSourceConfig.builder().build(), sink)) {
      FakeMessage message =
          loop.message("{\"version\":\"" + huge + "\",\"invocationID\":\"inv-1\"}", 1);

      loop.accept(message);

      await().atMost(PATIENCE).until(message::settled);
      assertThat(loop.deadLetters.letters).singleElement().asString().hasSizeLessThan(2_000);
    }
  }
}
