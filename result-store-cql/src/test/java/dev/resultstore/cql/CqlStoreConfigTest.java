package dev.resultstore.cql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import dev.resultstore.core.TlsSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CqlStoreConfigTest {

  @Test
  void the_builder_states_every_default() {
    CqlStoreConfig config = CqlStoreConfig.builder().build();

    assertThat(config.contactPoints()).containsExactly("127.0.0.1:9042");
    assertThat(config.localDatacenter()).isNull();
    assertThat(config.keyspace()).isEqualTo("runtime_serverless");
    assertThat(config.resultsTable()).isEqualTo("invocation_results");
    assertThat(config.bodiesTable()).isEqualTo("invocation_results_bodies");
    assertThat(config.requestLookupTable()).isEqualTo("invocation_results_by_request");
    assertThat(config.timeLookupTable()).isEqualTo("invocation_results_by_time");
    assertThat(config.username()).isNull();
    assertThat(config.password()).isNull();
    assertThat(config.tls()).isNull();
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.writeConsistency()).isEqualTo(DefaultConsistencyLevel.LOCAL_QUORUM);
    assertThat(config.readConsistency()).isEqualTo(DefaultConsistencyLevel.LOCAL_QUORUM);
    assertThat(config.replicationFactor()).isEqualTo(1);
    assertThat(config.replication()).isEmpty();
    assertThat(config.autoMigrate()).isTrue();
    assertThat(config.retention()).isZero();
    assertThat(config.maxInlineBodyBytes()).isEqualTo(1_048_576);
    assertThat(config.chunkBytes()).isEqualTo(262_144);
    assertThat(config.maxInFlightWrites()).isEqualTo(256);
    assertThat(config.lookupBucket()).isEqualTo(Duration.ofHours(1));
    assertThat(config.timeShards()).isEqualTo(16);
  }

  @Test
  void other_table_names_follow_the_results_table_unless_set() {
    CqlStoreConfig derived = CqlStoreConfig.builder().resultsTable("results").build();
    CqlStoreConfig explicit =
        CqlStoreConfig.builder().resultsTable("results").bodiesTable("blobs").build();

    assertThat(derived.bodiesTable()).isEqualTo("results_bodies");
    assertThat(derived.requestLookupTable()).isEqualTo("results_by_request");
    assertThat(derived.timeLookupTable()).isEqualTo("results_by_time");
    assertThat(explicit.bodiesTable()).isEqualTo("blobs");
  }

  @Test
  void a_results_table_name_too_long_to_derive_from_asks_for_explicit_names() {
    String name = "r".repeat(45);

    assertThatThrownBy(() -> CqlStoreConfig.builder().resultsTable(name).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bodiesTable")
        .hasMessageContaining(name + "_bodies")
        .hasMessageContaining("set bodiesTable explicitly");
  }

  @Test
  void names_must_be_cql_identifiers() {
    assertThatThrownBy(() -> CqlStoreConfig.builder().keyspace("runtime-serverless").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid CQL store configuration: keyspace is \"runtime-serverless\", expected a CQL"
                + " name: a letter, then letters, digits or '_', 48 characters at most");
    assertThatThrownBy(() -> CqlStoreConfig.builder().resultsTable("1results").build())
        .hasMessageContaining("resultsTable is \"1results\"");
    assertThatThrownBy(() -> CqlStoreConfig.builder().timeLookupTable("x; DROP").build())
        .hasMessageContaining("timeLookupTable");
    assertThatThrownBy(() -> CqlStoreConfig.builder().keyspace("k".repeat(49)).build())
        .hasMessageContaining("keyspace");
    assertThat(CqlStoreConfig.builder().keyspace("k".repeat(48)).build().keyspace()).hasSize(48);
  }

  @Test
  void tables_must_have_different_names() {
    assertThatThrownBy(() -> CqlStoreConfig.builder().bodiesTable("INVOCATION_RESULTS").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("four different table names");
  }

  @Test
  void ranges_are_checked_naming_key_value_and_expectation() {
    assertThatThrownBy(() -> CqlStoreConfig.builder().maxInFlightWrites(0).build())
        .hasMessage(
            "invalid CQL store configuration: maxInFlightWrites is 0, expected from 1 to 100000");
    assertThatThrownBy(() -> CqlStoreConfig.builder().chunkBytes(100).build())
        .hasMessageContaining("chunkBytes is 100, expected from 1024 to 8388608");
    assertThatThrownBy(() -> CqlStoreConfig.builder().maxInlineBodyBytes(-1).build())
        .hasMessageContaining("maxInlineBodyBytes is -1");
    assertThatThrownBy(() -> CqlStoreConfig.builder().timeShards(0).build())
        .hasMessageContaining("timeShards is 0");
    assertThatThrownBy(() -> CqlStoreConfig.builder().replicationFactor(0).build())
        .hasMessageContaining("replicationFactor is 0");
    assertThatThrownBy(() -> CqlStoreConfig.builder().lookupBucket(Duration.ofSeconds(10)).build())
        .hasMessageContaining("lookupBucket is PT10S, expected a duration from PT1M to PT168H");
    assertThatThrownBy(() -> CqlStoreConfig.builder().requestTimeout(Duration.ZERO).build())
        .hasMessageContaining("requestTimeout is PT0S, expected a positive duration");
  }

  @Test
  void retention_is_zero_or_at_most_twenty_years() {
    assertThat(CqlStoreConfig.builder().retention(Duration.ZERO).build().retention()).isZero();
    assertThat(
            CqlStoreConfig.builder()
                .retention(Duration.ofSeconds(630_720_000L))
                .build()
                .retention())
        .isEqualTo(Duration.ofSeconds(630_720_000L));
    assertThatThrownBy(
            () -> CqlStoreConfig.builder().retention(Duration.ofSeconds(630_720_001L)).build())
        .hasMessageContaining("retention is PT175200H1S")
        .hasMessageContaining("20 years");
    assertThatThrownBy(() -> CqlStoreConfig.builder().retention(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("retention");
  }

  @Test
  void consistency_levels_parse_by_name_and_refuse_what_cannot_work() {
    CqlStoreConfig config =
        CqlStoreConfig.builder().writeConsistency("each_quorum").readConsistency("ONE").build();

    assertThat(config.writeConsistency()).isEqualTo(DefaultConsistencyLevel.EACH_QUORUM);
    assertThat(config.readConsistency()).isEqualTo(DefaultConsistencyLevel.ONE);
    assertThatThrownBy(() -> CqlStoreConfig.builder().readConsistency("ANY"))
        .hasMessageContaining("readConsistency is \"ANY\"");
    assertThatThrownBy(() -> CqlStoreConfig.builder().writeConsistency("SERIAL"))
        .hasMessageContaining("writeConsistency is \"SERIAL\"");
    assertThatThrownBy(() -> CqlStoreConfig.builder().writeConsistency("MOST"))
        .hasMessageContaining("expected ANY, ONE, TWO");
    assertThatThrownBy(
            () ->
                CqlStoreConfig.builder()
                    .readConsistency(DefaultConsistencyLevel.LOCAL_SERIAL)
                    .build())
        .hasMessageContaining("readConsistency is LOCAL_SERIAL");
  }

  @Test
  void contact_points_take_host_and_port_with_9042_as_the_default_port() {
    assertThat(ConfigChecks.contactPoint("db.example:9142"))
        .isEqualTo(InetSocketAddress.createUnresolved("db.example", 9142));
    assertThat(ConfigChecks.contactPoint("db.example"))
        .isEqualTo(InetSocketAddress.createUnresolved("db.example", 9042));
    assertThat(ConfigChecks.contactPoint("[::1]:9043"))
        .isEqualTo(InetSocketAddress.createUnresolved("::1", 9043));
    for (String bad : new String[] {"", "host:", "host:70000", "::1:9042", " host:1", "[::1]x"}) {
      assertThatThrownBy(() -> CqlStoreConfig.builder().contactPoints(List.of(bad)).build())
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("contactPoints");
    }
    assertThatThrownBy(() -> CqlStoreConfig.builder().contactPoints(List.of()).build())
        .hasMessageContaining("at least one host:port");
  }

  @Test
  void replication_by_datacenter_is_checked_and_copied() {
    CqlStoreConfig config =
        CqlStoreConfig.builder().replication(Map.of("dc2", 2, "dc1", 3)).build();

    assertThat(config.replication()).containsExactly(Map.entry("dc1", 3), Map.entry("dc2", 2));
    assertThatThrownBy(() -> CqlStoreConfig.builder().replication(Map.of("dc'1", 3)).build())
        .hasMessageContaining("replication");
    assertThatThrownBy(() -> CqlStoreConfig.builder().replication(Map.of("dc1", -1)).build())
        .hasMessageContaining("replication.dc1 is -1");
  }

  @Test
  void credentials_come_together_and_never_show_in_to_string() {
    CqlStoreConfig config =
        CqlStoreConfig.builder().username("app").password("s3cret-value").build();

    assertThat(config.toString())
        .contains("username=****")
        .doesNotContain("app")
        .doesNotContain("s3cret-value");
    assertThatThrownBy(() -> CqlStoreConfig.builder().username("app").build())
        .hasMessageContaining("username and password set together");
  }

  @Test
  void secrets_can_be_read_from_files_without_the_trailing_line_break(@TempDir Path directory)
      throws IOException {
    Path user = Files.writeString(directory.resolve("user"), "app\n");
    Path password = Files.writeString(directory.resolve("password"), "pa ss\r\n");

    CqlStoreConfig config =
        CqlStoreConfig.builder().usernameFile(user).passwordFile(password).build();

    assertThat(config.username()).isEqualTo("app");
    assertThat(config.password()).isEqualTo("pa ss");
    assertThatThrownBy(() -> CqlStoreConfig.builder().passwordFile(directory.resolve("missing")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("passwordFile")
        .hasMessageContaining("missing");
  }

  @Test
  void tls_is_off_unless_enabled() {
    CqlStoreConfig disabled = CqlStoreConfig.builder().tls(TlsSettings.DISABLED).build();
    CqlStoreConfig enabled = CqlStoreConfig.builder().tls(TlsSettings.systemDefault()).build();

    assertThat(disabled.toString()).contains("tls=false");
    assertThat(enabled.toString()).contains("tls=true");
  }

  @Test
  void to_builder_copies_every_component() {
    CqlStoreConfig config =
        CqlStoreConfig.builder()
            .contactPoints(List.of("a:1", "b:2"))
            .localDatacenter("dc9")
            .keyspace("ks")
            .username("u")
            .password("p")
            .retention(Duration.ZERO)
            .timeShards(3)
            .build();

    assertThat(config.toBuilder().build()).isEqualTo(config);
  }
}
