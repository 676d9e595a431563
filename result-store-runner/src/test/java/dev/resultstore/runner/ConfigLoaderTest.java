package dev.resultstore.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    RunnerConfig config = ConfigLoader.load(goFile(), Map.of());

    assertThat(config.consumerName()).isEqualTo("runtime-result-store");
    assertThat(config.ackWait()).isEqualTo(Duration.ofSeconds(45));
    assertThat(config.retry().maxDeliver()).isEqualTo(6);
    assertThat(config.retry().backoff())
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(90));
    RunnerConfig.Serverless nats = config.serverless();
    assertThat(nats.servers())
        .containsExactly("nats://nats-0.nats:4222", "nats://nats-1.nats:4222");
    assertThat(nats.streamReplicas()).isEqualTo(3);
    assertThat(nats.connectTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(nats.auth().username().reveal()).isEqualTo("result-store");
    assertThat(nats.auth().password().reveal()).isEqualTo("s3cret");
    RunnerConfig.Scylla scylla = config.scylla();
    assertThat(scylla.hosts()).containsExactly("scylla-0.scylla:9042", "scylla-1.scylla:9042");
    assertThat(scylla.datacenter()).isEqualTo("dc-east");
    assertThat(scylla.requestTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(scylla.replicationFactor()).isEqualTo(3);
    assertThat(scylla.autoMigrate()).isFalse();
    assertThat(scylla.maxInlineBodyBytes()).isEqualTo(524_288);
    assertThat(scylla.password().reveal()).isEqualTo("s3cret");
  }

  @Test
  void fills_our_added_keys_with_their_defaults() throws IOException {
    RunnerConfig config = ConfigLoader.load(goFile(), Map.of());

    assertThat(config.scylla().retention()).isEqualTo(Duration.ofHours(168));
    assertThat(config.scylla().chunkBytes()).isEqualTo(ConfigLoader.DEFAULT_CHUNK_BYTES);
    assertThat(config.scylla().writeConsistency()).isEqualTo("LOCAL_QUORUM");
    assertThat(config.serverless().maxAckPending()).isEqualTo(1024);
    assertThat(config.serverless().drainTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.serverless().ackLinger()).isEqualTo(Duration.ofMillis(5));
    assertThat(config.http()).isEqualTo(new RunnerConfig.Http(true, "0.0.0.0", 8080));
    assertThat(config.log()).isEqualTo(new RunnerConfig.Log("plain", "INFO"));
  }

  @Test
  void an_empty_file_means_the_contract_defaults() {
    RunnerConfig config = read("", Map.of());

    assertThat(config.serverless().servers()).containsExactly("nats://127.0.0.1:4222");
    assertThat(config.serverless().subjectPrefix()).isEqualTo("runtime.serverless");
    assertThat(config.serverless().streamName()).isEqualTo("RUNTIME_SERVERLESS");
    assertThat(config.serverless().streamMaxAge()).isEqualTo(Duration.ofHours(72));
    assertThat(config.serverless().duplicatesWindow()).isEqualTo(Duration.ofHours(24));
    assertThat(config.retry().backoff())
        .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(30));
    assertThat(config.scylla().keyspace()).isEqualTo("runtime_serverless");
    assertThat(config.scylla().resultsTable()).isEqualTo("invocation_results");
    assertThat(config.scylla().maxInlineBodyBytes()).isEqualTo(1024 * 1024);
    assertThat(config.serverless().auth().token()).isNull();
  }

  @Test
  void environment_variables_override_the_file() throws IOException {
    RunnerConfig config =
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

    assertThat(config.scylla().maxInlineBodyBytes()).isEqualTo(2048);
    assertThat(config.scylla().hosts()).containsExactly("a:9042", "b:9043");
    assertThat(config.retry().backoff())
        .containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(4));
    assertThat(config.serverless().servers()).containsExactly("nats://other:4222");
    assertThat(config.http().port()).isEqualTo(9090);
    assertThat(config.log().format()).isEqualTo("json");
    assertThat(config.scylla().autoMigrate()).isTrue();
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
  void reads_secrets_from_files_without_the_trailing_newline() throws IOException {
    Path token = Files.writeString(directory.resolve("token"), "tok-123\n");
    RunnerConfig config = read("serverless:\n  auth:\n    tokenFile: " + token + "\n", Map.of());

    assertThat(config.serverless().auth().token().reveal()).isEqualTo("tok-123");
  }

  @Test
  void never_shows_a_secret_in_the_configuration_text() throws IOException {
    RunnerConfig config =
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
        .hasMessageContaining("from 0 to 65535");
  }

  @Test
  void refuses_values_out_of_range() {
    assertThatThrownBy(() -> read("serverless:\n  streamReplicas: 7\n", Map.of()))
        .hasMessageContaining("serverless.streamReplicas")
        .hasMessageContaining("from 1 to 5");
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
        .hasMessageContaining("a Go duration from 0s to 1s");
  }

  @Test
  void the_ack_linger_reaches_the_source_and_zero_turns_it_off() {
    RunnerConfig config = read("serverless:\n  ackLinger: 20ms\n", Map.of());
    assertThat(Components.natsConfig(config).ackLinger()).isEqualTo(Duration.ofMillis(20));

    RunnerConfig off = read("serverless:\n  ackLinger: 0s\n", Map.of());
    assertThat(Components.natsConfig(off).ackLinger()).isZero();
  }

  @Test
  void refuses_as_many_back_off_values_as_deliveries() {
    assertThatThrownBy(() -> read("retry:\n  maxDeliver: 2\n  backoff: [1s, 2s]\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("retry.backoff")
        .hasMessageContaining("retry.maxDeliver");
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
    RunnerConfig config = ConfigLoader.read(source);

    assertThat(config.scylla().keyspace()).isEqualTo("ks");
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
    assertThat(read("scylla:\n  hosts: a:1,b:2\n", Map.of()).scylla().hosts())
        .isEqualTo(List.of("a:1", "b:2"));
  }

  @Test
  void reads_replication_factors_from_a_mapping_or_the_environment() {
    assertThat(
            read("scylla:\n  replication:\n    dc-east: 3\n    dc-west: 2\n", Map.of())
                .scylla()
                .replication())
        .containsExactlyInAnyOrderEntriesOf(Map.of("dc-east", 3, "dc-west", 2));
    assertThat(
            read("", Map.of("RESULT_STORE_SCYLLA_REPLICATION", "a:1, b:3")).scylla().replication())
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", 1, "b", 3));
    assertThat(read("", Map.of()).scylla().replication()).isEmpty();
    assertThatThrownBy(() -> read("scylla:\n  replication:\n    dc: many\n", Map.of()))
        .hasMessageContaining("scylla.replication.dc")
        .hasMessageContaining("\"many\"");
  }

  @Test
  void the_datacenter_is_inferred_unless_set() {
    assertThat(read("", Map.of()).scylla().datacenter()).isNull();
    assertThat(read("scylla:\n  datacenter: dc1\n", Map.of()).scylla().datacenter())
        .isEqualTo("dc1");
  }

  @Test
  void maps_onto_the_source_and_store_builders() throws IOException {
    RunnerConfig config = ConfigLoader.load(goFile(), Map.of());

    var nats = Components.natsConfig(config);
    assertThat(nats.servers())
        .containsExactly("nats://nats-0.nats:4222", "nats://nats-1.nats:4222");
    assertThat(nats.consumerName()).isEqualTo("runtime-result-store");
    assertThat(nats.ackWait()).isEqualTo(Duration.ofSeconds(45));
    assertThat(nats.maxDeliver()).isEqualTo(6);
    assertThat(nats.password()).isEqualTo("s3cret");
    assertThat(nats.toString()).doesNotContain("s3cret");
    var cql = Components.cqlConfig(config);
    assertThat(cql.contactPoints()).containsExactly("scylla-0.scylla:9042", "scylla-1.scylla:9042");
    assertThat(cql.localDatacenter()).isEqualTo("dc-east");
    assertThat(cql.maxInlineBodyBytes()).isEqualTo(524_288);
    assertThat(cql.autoMigrate()).isFalse();
    assertThat(cql.retention()).isEqualTo(Duration.ofHours(168));
    assertThat(cql.toString()).doesNotContain("s3cret");
  }

  @Test
  void the_byte_budget_reaches_the_source_with_the_builders_default_when_unset() {
    RunnerConfig unset = read("", Map.of());
    assertThat(Components.natsConfig(unset).maxInFlightBytes())
        .isEqualTo(NatsSourceConfig.builder().build().maxInFlightBytes());

    RunnerConfig set = read("serverless:\n  maxInFlightBytes: 33554432\n", Map.of());
    assertThat(Components.natsConfig(set).maxInFlightBytes()).isEqualTo(33_554_432L);

    assertThatThrownBy(() -> read("serverless:\n  maxInFlightBytes: 1000\n", Map.of()))
        .hasMessageContaining("serverless.maxInFlightBytes");
  }

  @Test
  void more_messages_in_flight_than_the_store_accepts_is_refused_at_startup() {
    RunnerConfig config =
        read("serverless:\n  maxInFlight: 2000\nscylla:\n  maxInFlightWrites: 100\n", Map.of());

    assertThatThrownBy(
            () ->
                Components.checkTogether(
                    Components.natsConfig(config), Components.cqlConfig(config)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("serverless.maxInFlight (2000)")
        .hasMessageContaining("scylla.maxInFlightWrites")
        .hasMessageContaining("at least 400");

    RunnerConfig fits =
        read("serverless:\n  maxInFlight: 500\nscylla:\n  maxInFlightWrites: 100\n", Map.of());
    Components.checkTogether(Components.natsConfig(fits), Components.cqlConfig(fits));
  }

  @Test
  void a_value_the_source_refuses_is_a_configuration_error() {
    RunnerConfig config =
        read("serverless:\n  streamMaxAge: 1h\n  duplicatesWindow: 2h\n", Map.of());

    assertThatThrownBy(() -> Components.natsConfig(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("serverless")
        .hasMessageContaining("duplicatesWindow");
  }

  @Test
  void the_read_consistency_cannot_be_any() {
    assertThatThrownBy(() -> read("scylla:\n  readConsistency: ANY\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("scylla.readConsistency");
  }

  private static RunnerConfig read(String yaml, Map<String, String> environment) {
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
