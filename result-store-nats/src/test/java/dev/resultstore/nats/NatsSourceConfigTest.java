package dev.resultstore.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class NatsSourceConfigTest {

  @Test
  void the_builder_defaults_are_the_contracts_values() {
    NatsSourceConfig config = NatsSourceConfig.builder().build();

    assertThat(config.servers()).containsExactly("nats://127.0.0.1:4222");
    assertThat(config.subjectPrefix()).isEqualTo("runtime.serverless");
    assertThat(config.streamName()).isEqualTo("RUNTIME_SERVERLESS");
    assertThat(config.streamReplicas()).isEqualTo(1);
    assertThat(config.streamMaxAge()).isEqualTo(Duration.ofHours(72));
    assertThat(config.duplicatesWindow()).isEqualTo(Duration.ofHours(24));
    assertThat(config.consumerName()).isEqualTo("runtime-result-store");
    assertThat(config.ackWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.maxDeliver()).isEqualTo(5);
    assertThat(config.backoff())
        .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(30));
    assertThat(config.maxAckPending()).isEqualTo(1024);
    assertThat(config.fetchBatchSize()).isEqualTo(256);
    assertThat(config.maxInFlight()).isEqualTo(512);
    assertThat(config.ackLinger()).isEqualTo(Duration.ofMillis(5));
    assertThat(config.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.token()).isNull();
    assertThat(config.username()).isNull();
    assertThat(config.password()).isNull();
    assertThat(config.credentialsFile()).isNull();
    assertThat(config.tls()).isNull();
    assertThat(config.outageBackoffInitial()).isEqualTo(Duration.ofMillis(200));
    assertThat(config.outageBackoffMax()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void to_builder_round_trips_every_setting() {
    NatsSourceConfig config =
        NatsSourceConfig.builder()
            .servers(List.of("nats://a:4222", "b:4223"))
            .subjectPrefix("it.abc")
            .streamName("IT_ABC")
            .streamReplicas(3)
            .streamMaxAge(Duration.ofHours(1))
            .duplicatesWindow(Duration.ofMinutes(5))
            .consumerName("c-1")
            .ackWait(Duration.ofSeconds(3))
            .maxDeliver(2)
            .backoff(List.of(Duration.ofMillis(100)))
            .maxAckPending(10)
            .fetchBatchSize(5)
            .maxInFlight(7)
            .maxInFlightBytes(3L << 20)
            .ackLinger(Duration.ofMillis(9))
            .drainTimeout(Duration.ZERO)
            .connectTimeout(Duration.ofSeconds(1))
            .username("user")
            .password("secret")
            .outageBackoff(Duration.ofMillis(10), Duration.ofMillis(20))
            .build();

    assertThat(config.toBuilder().build()).isEqualTo(config);
  }

  @Test
  void to_string_masks_the_secrets() {
    NatsSourceConfig withPassword =
        NatsSourceConfig.builder().username("user").password("hunter2").build();
    NatsSourceConfig withToken = NatsSourceConfig.builder().token("s3cr3t-token").build();

    assertThat(withPassword.toString()).contains("user").doesNotContain("hunter2");
    assertThat(withToken.toString()).doesNotContain("s3cr3t-token").contains("token=****");
  }

  @Test
  void the_password_or_token_of_a_server_url_never_shows() {
    NatsSourceConfig config =
        NatsSourceConfig.builder()
            .servers(List.of("nats://alice:hunter2@a:4222", "tls://s3cr3t-token@b:4222"))
            .build();

    assertThat(config.toString())
        .contains("nats://alice:****@a:4222", "tls://****@b:4222")
        .doesNotContain("hunter2", "s3cr3t-token");
    assertThatThrownBy(
            () -> NatsSourceConfig.builder().servers(List.of("http://bob:hunter2@a:1")).build())
        .hasMessageContaining("bob:****@")
        .hasMessageNotContaining("hunter2");
    assertThat(
            Failures.describe(
                new java.io.IOException("Unable to connect to nats://alice:hunter2@a:4222")))
        .doesNotContain("hunter2");
  }

  @Test
  void an_opentls_url_is_refused_it_would_trust_any_certificate() {
    assertThatThrownBy(
            () -> NatsSourceConfig.builder().servers(List.of("opentls://a:4222")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("opentls://")
        .hasMessageContaining("tls.insecureSkipVerify");
  }

  @Test
  void a_tls_url_without_tls_settings_verifies_against_the_system_cas() {
    NatsSourceConfig config = NatsSourceConfig.builder().servers(List.of("tls://a:4222")).build();

    assertThat(NatsConnector.effectiveTls(config))
        .satisfies(
            tls -> {
              assertThat(tls.enabled()).isTrue();
              assertThat(tls.insecureSkipVerify()).isFalse();
              assertThat(tls.caFile()).isNull();
            });
    assertThat(NatsConnector.effectiveTls(NatsSourceConfig.builder().build())).isNull();
  }

  @Test
  void the_byte_budget_defaults_to_64_MiB_and_holds_at_least_two_maximum_payloads() {
    assertThat(NatsSourceConfig.builder().build().maxInFlightBytes()).isEqualTo(64L << 20);
    assertThatThrownBy(() -> NatsSourceConfig.builder().maxInFlightBytes((2L << 20) - 1).build())
        .hasMessageContaining("maxInFlightBytes")
        .hasMessageContaining("at least 2097152");
  }

  @Test
  void a_blank_secret_counts_as_not_set() {
    NatsSourceConfig config = NatsSourceConfig.builder().token(" ").username("").build();

    assertThat(config.token()).isNull();
    assertThat(config.username()).isNull();
  }

  @Test
  void rejects_a_subject_prefix_that_is_not_literal_tokens() {
    for (String prefix : List.of("", "a..b", "a.*", "a.>", "a b", ".a", "a.")) {
      assertThatThrownBy(() -> NatsSourceConfig.builder().subjectPrefix(prefix).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("subjectPrefix")
          .hasMessageContaining("\"" + prefix + "\"")
          .hasMessageContaining("subject tokens");
    }
  }

  @Test
  void rejects_names_that_are_not_valid_jetstream_names() {
    assertThatThrownBy(() -> NatsSourceConfig.builder().consumerName("a.b").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid consumerName: expected a JetStream name of 1 to 255 characters without '.',"
                + " '*', '>', '/', '\\' or white space but was \"a.b\"");
    assertThatThrownBy(() -> NatsSourceConfig.builder().streamName("A/B").build())
        .hasMessageContaining("streamName");
    assertThatThrownBy(() -> NatsSourceConfig.builder().consumerName("x".repeat(256)).build())
        .hasMessageContaining("consumerName");
  }

  @Test
  void rejects_servers_that_are_not_nats_urls() {
    assertThatThrownBy(() -> NatsSourceConfig.builder().servers(List.of()).build())
        .hasMessageContaining("servers");
    assertThatThrownBy(() -> NatsSourceConfig.builder().servers(List.of("http://a:4222")).build())
        .hasMessageContaining("servers")
        .hasMessageContaining("\"http://a:4222\"");
    assertThatThrownBy(() -> NatsSourceConfig.builder().servers(List.of("nats://a b")).build())
        .hasMessageContaining("servers");
  }

  @Test
  void rejects_out_of_range_numbers_and_durations() {
    assertThatThrownBy(() -> NatsSourceConfig.builder().streamReplicas(6).build())
        .hasMessage("Invalid streamReplicas: expected between 1 and 5 inclusive but was 6");
    assertThatThrownBy(() -> NatsSourceConfig.builder().maxInFlight(0).build())
        .hasMessage("Invalid maxInFlight: expected between 1 and 100000 inclusive but was 0");
    assertThatThrownBy(() -> NatsSourceConfig.builder().maxInFlight(100_001).build())
        .hasMessageContaining("maxInFlight");
    assertThatThrownBy(() -> NatsSourceConfig.builder().maxAckPending(1_000_001).build())
        .hasMessageContaining("maxAckPending");
    assertThatThrownBy(() -> NatsSourceConfig.builder().fetchBatchSize(10_001).build())
        .hasMessageContaining("fetchBatchSize");
    assertThatThrownBy(
            () -> NatsSourceConfig.builder().backoff(List.of()).maxDeliver(1_001).build())
        .hasMessageContaining("maxDeliver");
    assertThatThrownBy(() -> NatsSourceConfig.builder().ackWait(Duration.ZERO).build())
        .hasMessage("Invalid ackWait: expected a positive duration but was PT0S");
    assertThatThrownBy(() -> NatsSourceConfig.builder().ackLinger(Duration.ofSeconds(2)).build())
        .hasMessage("Invalid ackLinger: expected a duration from PT0S to PT1S but was PT2S");
    assertThatThrownBy(() -> NatsSourceConfig.builder().ackLinger(Duration.ofMillis(-1)).build())
        .hasMessageContaining("ackLinger");
    assertThat(NatsSourceConfig.builder().ackLinger(Duration.ZERO).build().ackLinger()).isZero();
    assertThatThrownBy(
            () -> NatsSourceConfig.builder().drainTimeout(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("drainTimeout");
    assertThatThrownBy(
            () ->
                NatsSourceConfig.builder()
                    .streamMaxAge(Duration.ofHours(1))
                    .duplicatesWindow(Duration.ofHours(2))
                    .build())
        .hasMessage("Invalid duplicatesWindow: expected at most streamMaxAge (PT1H) but was PT2H");
    assertThatThrownBy(
            () ->
                NatsSourceConfig.builder()
                    .outageBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1))
                    .build())
        .hasMessageContaining("outageBackoffMax");
  }

  @Test
  void max_deliver_must_exceed_the_number_of_backoff_entries() {
    assertThatThrownBy(() -> NatsSourceConfig.builder().maxDeliver(3).build())
        .hasMessage(
            "Invalid maxDeliver: expected more than the number of backoff entries (3), as the"
                + " server requires but was 3");
    assertThat(NatsSourceConfig.builder().maxDeliver(1).backoff(List.of()).build().maxDeliver())
        .isEqualTo(1);
    assertThatThrownBy(
            () -> NatsSourceConfig.builder().backoff(List.of(Duration.ofSeconds(-1))).build())
        .hasMessageContaining("backoff");
  }

  @Test
  void allows_one_way_of_authenticating_only() {
    assertThatThrownBy(() -> NatsSourceConfig.builder().username("user").build())
        .hasMessageContaining("password");
    assertThatThrownBy(
            () ->
                NatsSourceConfig.builder()
                    .token("t")
                    .credentialsFile(Path.of("/tmp/x.creds"))
                    .build())
        .hasMessageContaining("at most one of token, username/password and credentialsFile");
  }
}
