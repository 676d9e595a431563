package dev.resultstore.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3BodyStoreConfigTest {
  @TempDir Path directory;

  @Test
  void the_builder_states_every_default() {
    S3BodyStoreConfig config = S3BodyStoreConfig.builder().bucket("results").build();

    assertThat(config.endpoint()).isNull();
    assertThat(config.region()).isEqualTo("us-east-1");
    assertThat(config.keyPrefix()).isEqualTo("result-bodies/");
    assertThat(config.pathStyle()).isTrue();
    assertThat(config.createBucket()).isFalse();
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.maxConnections()).isEqualTo(32);
  }

  @Test
  void to_builder_copies_every_value_so_one_can_be_changed() {
    S3BodyStoreConfig config =
        S3BodyStoreConfig.builder()
            .endpoint(URI.create("http://127.0.0.1:9000"))
            .region("eu-west-1")
            .bucket("results")
            .keyPrefix("bodies/")
            .accessKeyId("AKIDEXAMPLE")
            .secretAccessKey("wJalrXUtnFEMI")
            .pathStyle(false)
            .createBucket(true)
            .connectTimeout(Duration.ofSeconds(2))
            .requestTimeout(Duration.ofSeconds(9))
            .maxConnections(4)
            .build();

    S3BodyStoreConfig copy = config.toBuilder().keyPrefix("bodies/bench/").build();

    assertThat(copy.keyPrefix()).isEqualTo("bodies/bench/");
    assertThat(copy.secretAccessKey()).isEqualTo("wJalrXUtnFEMI");
    assertThat(copy.toString())
        .isEqualTo(config.toString().replace("keyPrefix=bodies/", "keyPrefix=bodies/bench/"));
    assertThat(copy.toBuilder().keyPrefix("bodies/").build().toString())
        .isEqualTo(config.toString());
  }

  @Test
  void reads_credentials_from_files_and_never_shows_the_secret() throws IOException {
    Path id = Files.writeString(directory.resolve("id"), "AKIDEXAMPLE\n");
    Path secret = Files.writeString(directory.resolve("secret"), "wJalrXUtnFEMI\r\n");

    S3BodyStoreConfig config =
        S3BodyStoreConfig.builder()
            .bucket("results")
            .accessKeyIdFile(id)
            .secretAccessKeyFile(secret)
            .build();

    assertThat(config.accessKeyId()).isEqualTo("AKIDEXAMPLE");
    assertThat(config.secretAccessKey()).isEqualTo("wJalrXUtnFEMI");
    assertThat(config.toString()).contains("AKIDEXAMPLE").doesNotContain("wJalrXUtnFEMI");
  }

  @Test
  void refuses_bad_values_naming_the_key() {
    assertThatThrownBy(() -> S3BodyStoreConfig.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bucket");
    assertThatThrownBy(() -> S3BodyStoreConfig.builder().bucket("Not_A_Bucket").build())
        .hasMessageContaining("bucket");
    assertThatThrownBy(
            () ->
                S3BodyStoreConfig.builder()
                    .bucket("results")
                    .endpoint(URI.create("ftp://host"))
                    .build())
        .hasMessageContaining("endpoint");
    assertThatThrownBy(
            () -> S3BodyStoreConfig.builder().bucket("results").accessKeyId("only-id").build())
        .hasMessageContaining("secretAccessKey");
    assertThatThrownBy(
            () -> S3BodyStoreConfig.builder().bucket("results").maxConnections(0).build())
        .hasMessageContaining("maxConnections");
    assertThatThrownBy(
            () ->
                S3BodyStoreConfig.builder()
                    .bucket("results")
                    .secretAccessKeyFile(directory.resolve("missing"))
                    .build())
        .hasMessageContaining("secretAccessKeyFile");
  }
}
