package dev.resultstore.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resultstore.s3.S3BodyStoreConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code objectStore} section and how it maps onto the object store's and CQL's builders. */
class ObjectStoreConfigTest {
  @TempDir Path directory;

  @Test
  void without_the_section_there_is_no_object_store_and_every_body_stays_in_cql() {
    ResultStoreConfig config = read("scylla:\n  maxInlineBodyBytes: 2048\n");

    assertThat(config.objectStore()).isEmpty();
    assertThat(config.cql().objectStore()).isNull();
  }

  @Test
  void the_section_is_not_built_while_it_is_off() {
    ResultStoreConfig config = read("objectStore:\n  enabled: false\n  bucket: Not_A_Bucket\n");

    assertThat(config.objectStore()).isEmpty();
  }

  @Test
  void maps_every_key_onto_the_object_store_and_the_threshold_onto_the_cql_store()
      throws IOException {
    Path secret = directory.resolve("secret");
    Files.writeString(secret, "very-secret\n");
    ResultStoreConfig config =
        read(
            "objectStore:\n"
                + "  enabled: true\n"
                + "  endpoint: http://127.0.0.1:9000\n"
                + "  region: eu-west-1\n"
                + "  bucket: results\n"
                + "  keyPrefix: prod/bodies/\n"
                + "  accessKeyId: AKIDEXAMPLE\n"
                + "  secretAccessKeyFile: "
                + secret
                + "\n"
                + "  thresholdBytes: 65536\n"
                + "  createBucket: true\n"
                + "  requestTimeout: 90s\n"
                + "  maxConnections: 8\n");

    S3BodyStoreConfig objects = config.objectStore().orElseThrow();

    assertThat(objects.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
    assertThat(objects.region()).isEqualTo("eu-west-1");
    assertThat(objects.bucket()).isEqualTo("results");
    assertThat(objects.keyPrefix()).isEqualTo("prod/bodies/");
    assertThat(objects.accessKeyId()).isEqualTo("AKIDEXAMPLE");
    assertThat(objects.pathStyle()).isTrue();
    assertThat(objects.createBucket()).isTrue();
    assertThat(objects.requestTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(objects.maxConnections()).isEqualTo(8);
    assertThat(objects.toString()).doesNotContain("very-secret");
    assertThat(config.toString()).doesNotContain("very-secret");
    assertThat(config.cql().objectThresholdBytes()).isEqualTo(65_536);
  }

  @Test
  void the_threshold_defaults_to_the_inline_limit() {
    ResultStoreConfig config =
        read(
            "scylla:\n  maxInlineBodyBytes: 2048\n"
                + "objectStore:\n  enabled: true\n  bucket: results\n");

    assertThat(config.cql().objectThresholdBytes()).isEqualTo(2048);
  }

  @Test
  void an_enabled_object_store_without_a_bucket_is_a_configuration_error() {
    assertThatThrownBy(() -> read("objectStore:\n  enabled: true\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("objectStore.bucket");
  }

  @Test
  void a_value_the_object_store_refuses_is_reported_under_its_key() {
    assertThatThrownBy(
            () -> read("objectStore:\n  enabled: true\n  bucket: results\n  maxConnections: 0\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("objectStore.maxConnections")
        .hasMessageContaining("from 1 to 1024");
  }

  @Test
  void the_environment_can_turn_it_on() {
    ResultStoreConfig config =
        read(
            "",
            Map.of(
                "RESULT_STORE_OBJECT_STORE_ENABLED", "true",
                "RESULT_STORE_OBJECT_STORE_BUCKET", "from-env"));

    assertThat(config.objectStore().orElseThrow().bucket()).isEqualTo("from-env");
  }

  private static ResultStoreConfig read(String yaml) {
    return read(yaml, Map.of());
  }

  private static ResultStoreConfig read(String yaml, Map<String, String> environment) {
    return ConfigLoader.read(ConfigSource.parse(yaml, "test.yaml", environment));
  }
}
