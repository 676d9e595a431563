package dev.resultstore.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resultstore.core.InvocationState;
import dev.resultstore.cql.CqlStoreConfig;
import dev.resultstore.nats.NatsSourceConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path directory;

  @Test
  void accepts_the_go_configuration_file_unchanged() throws IOException {
    ResultStoreConfig config = ConfigLoader.load(goFile(), Map.of());

    assertThat(config.nats().consumerName()).isEqualTo("runtime-result-store");
    assertThat(config.nats().ackWait()).isEqualTo(Duration.ofSeconds(45));
    assertThat(config.nats().maxDeliver()).isEqualTo(6);
    assertThat(config.nats().backoff())
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(90));
    NatsSourceConfig nats = config.nats();
    assertThat(nats.servers())
        .containsExactly("nats://nats-0.nats:4222", "nats://nats-1.nats:4222");
    assertThat(nats.streamReplicas()).isEqualTo(3);
    assertThat(nats.connectTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(nats.username()).isEqualTo("result-store");
    assertThat(nats.password()).isEqualTo("s3cret");
    CqlStoreConfig scylla = config.cql();
    assertThat(scylla.contactPoints())
        .containsExactly("scylla-0.scylla:9042", "scylla-1.scylla:9042");
    assertThat(scylla.localDatacenter()).isEqualTo("dc-east");
    assertThat(scylla.requestTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(scylla.replicationFactor()).isEqualTo(3);
    assertThat(scylla.autoMigrate()).isFalse();
    assertThat(scylla.maxInlineBodyBytes()).isEqualTo(524_288);
    assertThat(scylla.password()).isEqualTo("s3cret");
  }

  @Test
  void fills_our_added_keys_with_their_defaults() throws IOException {
    ResultStoreConfig config = ConfigLoader.load(goFile(), Map.of());

    assertThat(config.cql().retention()).isZero();
    assertThat(config.cql().chunkBytes()).isEqualTo(262_144);
    assertThat(config.cql().writeConsistency()).hasToString("LOCAL_QUORUM");
    assertThat(config.nats().maxAckPending()).isEqualTo(1024);
    assertThat(config.nats().drainTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.nats().ackLinger()).isEqualTo(Duration.ofMillis(5));
    assertThat(config.http()).isEqualTo(new ResultStoreConfig.Http(true, "0.0.0.0", 8080));
    assertThat(config.log()).isEqualTo(new ResultStoreConfig.Log("plain", "INFO"));
  }

  @Test
  void retention_by_state_and_the_expiry_marker_retention_are_read_from_file_and_environment() {
    ResultStoreConfig config =
        read(
            "scylla:\n  retention: 72h\n  retentionByState:\n    failed: 720h\n"
                + "    deadLettered: 0s\n  expiryMarkerRetention: 24h\n",
            Map.of("RESULT_STORE_SCYLLA_RETENTION_BY_STATE_SUCCEEDED", "48h"));

    assertThat(config.cql().retention(InvocationState.FAILED)).isEqualTo(Duration.ofHours(720));
    assertThat(config.cql().retention(InvocationState.DEAD_LETTERED)).isEqualTo(Duration.ZERO);
    assertThat(config.cql().retention(InvocationState.SUCCEEDED)).isEqualTo(Duration.ofHours(48));
    assertThat(config.cql().retention(InvocationState.EXPIRED)).isEqualTo(Duration.ofHours(72));
    assertThat(config.cql().expiryMarkerRetention()).isEqualTo(Duration.ofHours(24));
    assertThat(read("", Map.of()).cql().retentionByState()).isEmpty();
    assertThat(read("", Map.of()).cql().expiryMarkerRetention())
        .isEqualTo(CqlStoreConfig.builder().build().expiryMarkerRetention());
  }

  @Test
  void an_empty_file_means_the_contract_defaults() {
    ResultStoreConfig config = read("", Map.of());

    assertThat(config.nats().servers()).containsExactly("nats://127.0.0.1:4222");
    assertThat(config.nats().subjectPrefix()).isEqualTo("runtime.serverless");
    assertThat(config.nats().streamName()).isEqualTo("RUNTIME_SERVERLESS");
    assertThat(config.nats().streamMaxAge()).isEqualTo(Duration.ofHours(72));
    assertThat(config.nats().duplicatesWindow()).isEqualTo(Duration.ofHours(24));
    assertThat(config.nats().backoff())
        .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(30));
    assertThat(config.cql().keyspace()).isEqualTo("runtime_serverless");
    assertThat(config.cql().resultsTable()).isEqualTo("invocation_results");
    assertThat(config.cql().maxInlineBodyBytes()).isEqualTo(1024 * 1024);
    assertThat(config.nats().token()).isNull();
  }

  @Test
  void environment_variables_override_the_file() throws IOException {
    ResultStoreConfig config =
        ConfigLoader.load(
            goFile(),
            Map.of(
                "RESULT_STORE_SCYLLA_MAX_INLINE_BODY_BYTES", "2048",
                "RESULT_STORE_SCYLLA_HOSTS", "a:9042, b:9043",
                "RESULT_STORE_RETRY_BACKOFF", "3s,4s",
                "RESULT_STORE_SERVERLESS_URL", "nats://other:4222",
                "RESULT_STORE_HTTP_PORT", "9090",
                "RESULT_STORE_LOG_FORMAT", "JSON",
                "RESULT_STORE_SCYLLA_AUTO_MIGRATE", "true"));

    assertThat(config.cql().maxInlineBodyBytes()).isEqualTo(2048);
    assertThat(config.cql().contactPoints()).containsExactly("a:9042", "b:9043");
    assertThat(config.nats().backoff())
        .containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(4));
    assertThat(config.nats().servers()).containsExactly("nats://other:4222");
    assertThat(config.http().port()).isEqualTo(9090);
    assertThat(config.log().format()).isEqualTo("json");
    assertThat(config.cql().autoMigrate()).isTrue();
  }

  @Test
  void names_environment_variables_after_the_key_path() {
    assertThat(ConfigSource.envName("scylla.maxInlineBodyBytes"))
        .isEqualTo("RESULT_STORE_SCYLLA_MAX_INLINE_BODY_BYTES");
    assertThat(ConfigSource.envName("serverless.auth.tokenFile"))
        .isEqualTo("RESULT_STORE_SERVERLESS_AUTH_TOKEN_FILE");
    assertThat(ConfigSource.envName("ackWait")).isEqualTo("RESULT_STORE_ACK_WAIT");
    assertThat(ConfigSource.envName("serverless.tls.caFile"))
        .isEqualTo("RESULT_STORE_SERVERLESS_TLS_CA_FILE");
  }

  @Test
  void reads_secrets_from_files_without_the_surrounding_white_space_as_go_does()
      throws IOException {
    Path token = Files.writeString(directory.resolve("token"), " tok-123 \n\n");
    ResultStoreConfig config =
        read("serverless:\n  auth:\n    tokenFile: " + token + "\n", Map.of());

    assertThat(config.nats().token()).isEqualTo("tok-123");
  }

  @Test
  void never_shows_a_secret_in_the_configuration_text() throws IOException {
    ResultStoreConfig config =
        ConfigLoader.load(
            goFile(), Map.of("RESULT_STORE_SERVERLESS_AUTH_PASSWORD_FILE", password().toString()));

    assertThat(config.toString()).doesNotContain("s3cret").contains("****");
  }

  @Test
  void a_missing_secret_file_is_an_error_naming_the_key() {
    assertThatThrownBy(
            () -> read("scylla:\n  passwordFile: " + directory.resolve("nope") + "\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("scylla.passwordFile")
        .hasMessageContaining("nope")
        .hasMessageContaining("readable file");
  }

  @Test
  void a_secret_given_twice_is_an_error_that_does_not_show_it() throws IOException {
    assertThatThrownBy(
            () ->
                read(
                    "scylla:\n  password: hunter2\n  passwordFile: " + password() + "\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("scylla.password and scylla.passwordFile")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void a_bad_duration_names_the_key_the_value_and_the_syntax() {
    assertThatThrownBy(() -> read("ackWait: 30\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("key ackWait")
        .hasMessageContaining("\"30\"")
        .hasMessageContaining("Go duration");
  }

  @Test
  void a_bad_value_from_the_environment_names_the_variable() {
    assertThatThrownBy(() -> read("", Map.of("RESULT_STORE_HTTP_PORT", "http")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("key http.port")
        .hasMessageContaining("\"http\"")
        .hasMessageContaining("RESULT_STORE_HTTP_PORT")
        .hasMessageContaining("a whole number");
  }

  @Test
  void refuses_values_out_of_range() {
    assertThatThrownBy(() -> read("serverless:\n  streamReplicas: 7\n", Map.of()))
        .hasMessageContaining("serverless.streamReplicas")
        .hasMessageContaining("between 1 and 5");
    assertThatThrownBy(() -> read("scylla:\n  writeConsistency: SOME\n", Map.of()))
        .hasMessageContaining("scylla.writeConsistency")
        .hasMessageContaining("LOCAL_QUORUM");
    assertThatThrownBy(() -> read("scylla:\n  keyspace: bad-name\n", Map.of()))
        .hasMessageContaining("scylla.keyspace")
        .hasMessageContaining("\"bad-name\"");
    assertThatThrownBy(() -> read("serverless:\n  subjectPrefix: a.*\n", Map.of()))
        .hasMessageContaining("serverless.subjectPrefix");
    assertThatThrownBy(() -> read("scylla:\n  retention: 200000h\n", Map.of()))
        .hasMessageContaining("scylla.retention");
    assertThatThrownBy(() -> read("scylla:\n  hosts: [\"a b\"]\n", Map.of()))
        .hasMessageContaining("scylla.hosts");
    assertThatThrownBy(() -> read("serverless:\n  ackLinger: 2s\n", Map.of()))
        .hasMessageContaining("serverless.ackLinger")
        .hasMessageContaining("a duration from 0s to 1s");
  }

  @Test
  void the_byte_budget_reaches_the_source_with_the_builders_default_when_unset() {
    assertThat(read("", Map.of()).nats().maxInFlightBytes())
        .isEqualTo(NatsSourceConfig.builder().build().maxInFlightBytes());
    assertThat(
            read("serverless:\n  maxInFlightBytes: 33554432\n", Map.of()).nats().maxInFlightBytes())
        .isEqualTo(33_554_432L);
    assertThatThrownBy(() -> read("serverless:\n  maxInFlightBytes: 1000\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("maxInFlightBytes");
  }

  @Test
  void more_messages_in_flight_than_the_store_accepts_is_refused_at_startup() {
    assertThatThrownBy(
            () ->
                read(
                    "serverless:\n  maxInFlight: 2000\nscylla:\n  maxInFlightWrites: 100\n",
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("serverless.maxInFlight")
        .hasMessageContaining("scylla.maxInFlightWrites")
        .hasMessageContaining("at least 400");

    ResultStoreConfig fits =
        read("serverless:\n  maxInFlight: 500\nscylla:\n  maxInFlightWrites: 100\n", Map.of());
    assertThat(fits.nats().maxInFlight()).isEqualTo(500);
  }

  @Test
  void the_ack_linger_reaches_the_source_and_zero_turns_it_off() {
    ResultStoreConfig config = read("serverless:\n  ackLinger: 20ms\n", Map.of());
    assertThat(config.nats().ackLinger()).isEqualTo(Duration.ofMillis(20));

    ResultStoreConfig off = read("serverless:\n  ackLinger: 0s\n", Map.of());
    assertThat(off.nats().ackLinger()).isZero();
  }

  @Test
  void refuses_as_many_back_off_values_as_deliveries() {
    assertThatThrownBy(() -> read("retry:\n  maxDeliver: 2\n  backoff: [1s, 2s]\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "invalid configuration: key retry.maxDeliver has the value \"2\", expected more than"
                + " the number of backoff entries (2), as the server requires");
  }

  @Test
  void a_mapping_where_a_value_belongs_is_an_error() {
    assertThatThrownBy(() -> read("consumerName:\n  a: b\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("consumerName");
  }

  @Test
  void yaml_that_does_not_parse_is_an_error_naming_the_file() {
    assertThatThrownBy(() -> read("scylla: [unclosed\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("test.yaml")
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void unknown_keys_are_ignored_and_reported() {
    ConfigSource source =
        ConfigSource.parse(
            "networkPolicyTarget:\n  namespace: x\nsurprise: 1\nscylla:\n  keyspace: ks\n",
            "test.yaml",
            Map.of());
    ResultStoreConfig config = ConfigLoader.read(source);

    assertThat(config.cql().keyspace()).isEqualTo("ks");
    assertThat(source.unreadKeys()).containsExactly("networkPolicyTarget.namespace", "surprise");
  }

  @Test
  void a_tls_client_certificate_needs_its_key() throws IOException {
    Path cert = Files.writeString(directory.resolve("cert.pem"), "x");
    assertThatThrownBy(
            () ->
                read("scylla:\n  tls:\n    enabled: true\n    certFile: " + cert + "\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("scylla.tls.certFile and scylla.tls.keyFile");
  }

  @Test
  void lists_read_as_sequences_or_comma_separated_text() {
    assertThat(read("scylla:\n  hosts: a:1,b:2\n", Map.of()).cql().contactPoints())
        .isEqualTo(List.of("a:1", "b:2"));
  }

  @Test
  void reads_replication_factors_from_a_mapping_or_the_environment() {
    assertThat(
            read("scylla:\n  replication:\n    dc-east: 3\n    dc-west: 2\n", Map.of())
                .cql()
                .replication())
        .containsExactlyInAnyOrderEntriesOf(Map.of("dc-east", 3, "dc-west", 2));
    assertThat(read("", Map.of("RESULT_STORE_SCYLLA_REPLICATION", "a:1, b:3")).cql().replication())
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", 1, "b", 3));
    assertThat(read("", Map.of()).cql().replication()).isEmpty();
    assertThatThrownBy(() -> read("scylla:\n  replication:\n    dc: many\n", Map.of()))
        .hasMessageContaining("scylla.replication.dc")
        .hasMessageContaining("\"many\"");
  }

  @Test
  void the_datacenter_is_inferred_unless_set() {
    assertThat(read("", Map.of()).cql().localDatacenter()).isNull();
    assertThat(read("scylla:\n  datacenter: dc1\n", Map.of()).cql().localDatacenter())
        .isEqualTo("dc1");
  }

  @Test
  void maps_onto_the_source_and_store_builders() throws IOException {
    ResultStoreConfig config = ConfigLoader.load(goFile(), Map.of());

    var nats = config.nats();
    assertThat(nats.servers())
        .containsExactly("nats://nats-0.nats:4222", "nats://nats-1.nats:4222");
    assertThat(nats.consumerName()).isEqualTo("runtime-result-store");
    assertThat(nats.ackWait()).isEqualTo(Duration.ofSeconds(45));
    assertThat(nats.maxDeliver()).isEqualTo(6);
    assertThat(nats.password()).isEqualTo("s3cret");
    assertThat(nats.toString()).doesNotContain("s3cret");
    var cql = config.cql();
    assertThat(cql.contactPoints()).containsExactly("scylla-0.scylla:9042", "scylla-1.scylla:9042");
    assertThat(cql.localDatacenter()).isEqualTo("dc-east");
    assertThat(cql.maxInlineBodyBytes()).isEqualTo(524_288);
    assertThat(cql.autoMigrate()).isFalse();
    assertThat(cql.retention()).isZero();
    assertThat(cql.toString()).doesNotContain("s3cret");
  }

  @Test
  void a_value_the_source_refuses_is_a_configuration_error_under_the_file_key() {
    assertThatThrownBy(
            () -> read("serverless:\n  streamMaxAge: 1h\n  duplicatesWindow: 2h\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "invalid configuration: key serverless.duplicatesWindow has the value \"2h\","
                + " expected at most streamMaxAge (1h0m0s)");
  }

  @Test
  void the_read_consistency_cannot_be_any() {
    assertThatThrownBy(() -> read("scylla:\n  readConsistency: ANY\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("scylla.readConsistency");
  }

  @Test
  void an_empty_file_yields_exactly_the_builders_defaults() {
    ResultStoreConfig config = read("", Map.of());

    assertThat(config).isEqualTo(ResultStoreConfig.builder().build());
    assertThat(config.nats()).isEqualTo(NatsSourceConfig.builder().build());
    assertThat(config.cql()).isEqualTo(CqlStoreConfig.builder().build());
  }

  @Test
  void every_key_written_as_an_empty_string_means_not_set_as_in_go() throws IOException {
    String yaml = nested(everyKey(), "");
    assertThat(yaml).contains("tokenFile: \"\"").contains("maxDeliver: \"\"");
    ConfigSource source = ConfigSource.parse(yaml, "empty-strings.yaml", Map.of());

    assertThat(ConfigLoader.read(source)).isEqualTo(ResultStoreConfig.builder().build());
    assertThat(source.unreadKeys()).isEmpty();
  }

  @Test
  void go_zero_counts_and_durations_mean_the_default_where_go_makes_them_mean_it() {
    ResultStoreConfig config =
        read(
            String.join(
                "\n",
                "ackWait: 0s",
                "retry:",
                "  maxDeliver: 0",
                "  backoff: []",
                "serverless:",
                "  streamReplicas: 0",
                "  connectTimeout: 0s",
                "scylla:",
                "  hosts: []",
                "  connectTimeout: 0",
                "  requestTimeout: 0s",
                "  replicationFactor: 0",
                "  maxInlineBodyBytes: 0",
                ""),
            Map.of());

    assertThat(config).isEqualTo(ResultStoreConfig.builder().build());
  }

  @Test
  void booleans_read_as_go_yaml_reads_them_yes_no_on_off_included() {
    for (String no : List.of("no", "No", "NO", "off", "Off", "OFF", "n", "false", "False")) {
      assertThat(read("scylla:\n  autoMigrate: " + no + "\n", Map.of()).cql().autoMigrate())
          .as(no)
          .isFalse();
    }
    for (String yes : List.of("yes", "Yes", "on", "ON", "y", "true", "TRUE", "\"yes\"")) {
      assertThat(read("http:\n  enabled: " + yes + "\n", Map.of()).http().enabled())
          .as(yes)
          .isTrue();
    }
    assertThatThrownBy(() -> read("scylla:\n  autoMigrate: yEs\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "invalid configuration: key scylla.autoMigrate has the value \"yEs\", expected true"
                + " or false (or yes/no, on/off)");
  }

  @Test
  void any_tls_key_turns_tls_on_as_in_go() throws IOException {
    Path ca = Files.writeString(directory.resolve("ca.pem"), "x");

    ResultStoreConfig config =
        read("serverless:\n  tls:\n    enabled: false\n    caFile: " + ca + "\n", Map.of());
    ResultStoreConfig plain = read("serverless:\n  tls:\n    enabled: false\n", Map.of());
    ResultStoreConfig named = read("scylla:\n  tls:\n    serverName: db.example\n", Map.of());

    assertThat(config.nats().tls().enabled()).isTrue();
    assertThat(config.nats().tls().caFile()).isEqualTo(ca);
    assertThat(plain.nats().tls()).isNull();
    assertThat(named.cql().tls().enabled()).isTrue();
    assertThat(named.cql().tls().serverName()).isEqualTo("db.example");
  }

  @Test
  void a_url_may_list_several_servers_separated_by_commas() {
    ResultStoreConfig config =
        read("serverless:\n  url: \"nats://a:4222, nats://b:4222,,nats://c:4222\"\n", Map.of());

    assertThat(config.nats().servers())
        .containsExactly("nats://a:4222", "nats://b:4222", "nats://c:4222");
  }

  @Test
  void variables_under_the_runner_prefix_that_name_no_key_are_reported() {
    ConfigSource source =
        ConfigSource.parse(
            "",
            "test.yaml",
            Map.of(
                "RESULT_STORE_NATS_URL", "nats://elsewhere:4222",
                "RESULT_STORE_SERVERLESS_URL", "nats://here:4222",
                "RESULT_STORE_CONFIG", "/etc/result-store.yaml",
                "RSDEV_NATS_URL", "nats://dev:4222"));

    ResultStoreConfig config = ConfigLoader.read(source);

    assertThat(config.nats().servers()).containsExactly("nats://here:4222");
    assertThat(source.unknownVariables(java.util.Set.of(ResultStoreConfig.CONFIG_ENV)))
        .containsExactly("RESULT_STORE_NATS_URL");
  }

  @Test
  void a_builder_refusal_is_reported_in_go_duration_syntax() {
    assertThatThrownBy(() -> read("serverless:\n  ackLinger: 2s\n", Map.of()))
        .hasMessage(
            "invalid configuration: key serverless.ackLinger has the value \"2s\", expected a"
                + " duration from 0s to 1s");
  }

  /** Every key the loader reads, the credential files and TLS keys included. */
  private static List<String> everyKey() {
    List<String> keys = new java.util.ArrayList<>();
    List<ConfigBinding<?, ?>> bindings = new java.util.ArrayList<>();
    bindings.addAll(ConfigKeys.NATS);
    bindings.addAll(ConfigKeys.CQL);
    bindings.addAll(ConfigKeys.RUNNER);
    for (ConfigBinding<?, ?> binding : bindings) {
      if (binding.key().endsWith(".tls.enabled")) {
        String prefix = binding.key().substring(0, binding.key().length() - ".enabled".length());
        for (String name :
            List.of(
                "enabled", "caFile", "certFile", "keyFile", "serverName", "insecureSkipVerify")) {
          keys.add(prefix + "." + name);
        }
      } else {
        keys.add(binding.key());
        if (binding.secret()) {
          keys.add(binding.key() + "File");
        }
      }
    }
    return keys;
  }

  /** The keys as one YAML document of nested mappings, each with the text {@code value}. */
  @SuppressWarnings("unchecked")
  private static String nested(List<String> keys, String value) throws IOException {
    Map<String, Object> root = new java.util.LinkedHashMap<>();
    for (String key : keys) {
      String[] parts = key.split("\\.");
      Map<String, Object> map = root;
      for (int i = 0; i < parts.length - 1; i++) {
        map =
            (Map<String, Object>)
                map.computeIfAbsent(parts[i], name -> new java.util.LinkedHashMap<>());
      }
      map.put(parts[parts.length - 1], value);
    }
    return new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().writeValueAsString(root);
  }

  private static ResultStoreConfig read(String yaml, Map<String, String> environment) {
    return ConfigLoader.read(ConfigSource.parse(yaml, "test.yaml", environment));
  }

  private Path password() throws IOException {
    return Files.writeString(directory.resolve("password"), "s3cret\n");
  }

  private Path goFile() throws IOException {
    String text;
    try (InputStream in = getClass().getResourceAsStream("/go-result-store.yaml")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    text = text.replace("${PASSWORD_FILE}", password().toString());
    return Files.writeString(directory.resolve("result-store.yaml"), text);
  }
}
