package dev.resultstore.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsumerSetupTest {

  @Test
  void the_consumer_we_create_is_a_durable_explicit_ack_pull_consumer_on_the_results() {
    ConsumerConfiguration desired = ConsumerSetup.desired(NatsSourceConfig.builder().build());

    assertThat(desired.getDurable()).isEqualTo("runtime-result-store");
    assertThat(desired.getFilterSubject()).isEqualTo("runtime.serverless.result.*");
    assertThat(desired.getAckPolicy()).isEqualTo(AckPolicy.Explicit);
    assertThat(desired.getDeliverSubject()).isNull();
    assertThat(desired.getAckWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(desired.getMaxDeliver()).isEqualTo(5);
    assertThat(desired.getBackoff())
        .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(30));
    assertThat(desired.getMaxAckPending()).isEqualTo(1024);
  }

  @Test
  void no_change_when_the_server_reports_the_first_backoff_entry_as_the_ack_wait() {
    NatsSourceConfig config = NatsSourceConfig.builder().build();
    ConsumerConfiguration asReported =
        ConsumerConfiguration.builder(ConsumerSetup.desired(config))
            .ackWait(Duration.ofSeconds(2))
            .build();

    assertThat(ConsumerSetup.changes(asReported, config)).isEmpty();
  }

  @Test
  void lists_every_owned_setting_that_differs() {
    NatsSourceConfig config = NatsSourceConfig.builder().build();
    ConsumerConfiguration existing =
        ConsumerConfiguration.builder()
            .durable("runtime-result-store")
            .filterSubject("runtime.serverless.result.x")
            .ackPolicy(AckPolicy.Explicit)
            .ackWait(Duration.ofSeconds(5))
            .maxDeliver(9)
            .maxAckPending(10)
            .build();

    assertThat(ConsumerSetup.changes(existing, config))
        .containsExactly(
            "filter subject [runtime.serverless.result.x] -> runtime.serverless.result.*",
            "ack wait PT5S -> PT2S",
            "max deliver 9 -> 5",
            "back-off [] -> [PT2S, PT10S, PT30S]",
            "max ack pending 10 -> 1024");
  }

  @Test
  void the_keep_alive_deadline_is_the_shortest_of_ack_wait_and_backoff() {
    ConsumerConfiguration consumer =
        ConsumerConfiguration.builder()
            .ackWait(Duration.ofSeconds(30))
            .backoff(Duration.ofSeconds(5), Duration.ofSeconds(1))
            .build();

    assertThat(ConsumerSetup.shortestAckDeadline(consumer)).isEqualTo(Duration.ofSeconds(1));
    assertThat(
            ConsumerSetup.shortestAckDeadline(
                ConsumerConfiguration.builder().ackWait(Duration.ofSeconds(3)).build()))
        .isEqualTo(Duration.ofSeconds(3));
    assertThat(
            List.of(
                Backoff.delay(Duration.ofMillis(100), Duration.ofMillis(350), 0),
                Backoff.delay(Duration.ofMillis(100), Duration.ofMillis(350), 1),
                Backoff.delay(Duration.ofMillis(100), Duration.ofMillis(350), 5)))
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(350));
  }
}
