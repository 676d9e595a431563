package dev.resultstore.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resultstore.cql.CqlStoreConfig;
import dev.resultstore.nats.NatsSourceConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultStoreConfigTest {

  @Test
  void describe_shows_every_setting_in_the_file_s_syntax_and_no_credential() {
    NatsSourceConfig nats =
        NatsSourceConfig.builder()
            .ackLinger(Duration.ofMillis(3))
            .backoff(List.of(Duration.ofSeconds(2), Duration.ofSeconds(10)))
            .username("bench")
            .password("not to be shown")
            .build();
    CqlStoreConfig cql =
        CqlStoreConfig.builder()
            .keyspace("bench_ks")
            .maxInFlightWrites(128)
            .username("bench")
            .password("not to be shown either")
            .build();

    Map<String, String> values = ResultStoreConfig.describe(nats, cql);

    assertThat(values)
        .containsEntry("serverless.ackLinger", "3ms")
        .containsEntry("retry.backoff", "2s,10s")
        .containsEntry("scylla.keyspace", "bench_ks")
        .containsEntry("scylla.maxInFlightWrites", "128")
        .doesNotContainKeys(
            "serverless.auth.username",
            "serverless.auth.password",
            "scylla.username",
            "scylla.password");
    assertThat(values.values()).noneMatch(value -> value.contains("not to be shown"));
  }
}
