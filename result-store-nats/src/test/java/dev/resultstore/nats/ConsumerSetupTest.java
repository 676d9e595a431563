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
    assertThat(desired.getMaxAckPending()).isEqualTo(1024);
  }

  @Test
  void the_consumer_we_create_never_gives_a_message_up_and_leaves_delays_to_the_client() {
    ConsumerConfiguration desired =
        ConsumerSetup.desired(NatsSourceConfig.builder().maxDeliver(5).build());

    assertThat(desired.getMaxDeliver()).isEqualTo(-1);
    assertThat(desired.getBackoff()).isNullOrEmpty();
  }

  @Test
  void an_existing_consumers_max_deliver_and_backoff_are_left_to_whoever_shares_it() {
    // A Go runner's consumer: max deliver 5, back-off; the server reports the first back-off
    // entry as the ack wait.
    NatsSourceConfig config = NatsSourceConfig.builder().build();
    ConsumerConfiguration goRunners =
        ConsumerConfiguration.builder(ConsumerSetup.desired(config))
            .maxDeliver(5)
            .backoff(Duration.ofSeconds(2), Duration.ofSeconds(10))
            .ackWait(Duration.ofSeconds(2))
            .build();

    assertThat(ConsumerSetup.changes(goRunners, config)).isEmpty();
    assertThat(ConsumerSetup.serverMaxDeliver(goRunners)).isEqualTo(5);
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
            "ack wait PT5S -> PT30S",
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
