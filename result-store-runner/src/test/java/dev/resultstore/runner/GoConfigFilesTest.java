package dev.resultstore.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resultstore.config.ResultStoreConfig;
import dev.resultstore.core.TlsSettings;
import dev.resultstore.cql.CqlStoreConfig;
import dev.resultstore.nats.NatsSourceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Go runtime's own result-store files, as shipped, load with the meaning the Go process gives
 * them: every key set to {@code ""} is unset, the defaults are the builders', and results are kept
 * forever.
 */
class GoConfigFilesTest {
  @TempDir Path directory;

  @Test
  void the_local_file_means_the_builders_defaults_with_its_hosts_and_request_timeout() {
    ResultStoreConfig config = ResultStoreConfig.parse(GoConfigFiles.local(), Map.of());

    assertThat(config.nats())
        .isEqualTo(NatsSourceConfig.builder().servers(List.of(GoConfigFiles.NATS_URL)).build());
    assertThat(config.cql())
        .isEqualTo(
            CqlStoreConfig.builder()
                .contactPoints(List.of(GoConfigFiles.SCYLLA_HOST))
                .requestTimeout(Duration.ofSeconds(5))
                .build());
    assertThat(config.cql().retention()).as("kept forever, as Go keeps them").isZero();
    assertThat(config.nats().tls()).isNull();
    assertThat(config.nats().token()).isNull();
    assertThat(config.nats().credentialsFile()).isNull();
    assertThat(config.unknownKeys()).as("serverless.networkPolicyTarget is Go's only").isEmpty();
  }

  @Test
  void the_process_config_section_means_what_the_local_file_means() {
    assertThat(GoConfigFiles.processConfigSection()).contains("tokenFile: \"\"");

    ResultStoreConfig section =
        ResultStoreConfig.parse(GoConfigFiles.processConfigSection(), Map.of());
    ResultStoreConfig local = ResultStoreConfig.parse(GoConfigFiles.local(), Map.of());

    assertThat(section.toString()).isEqualTo(local.toString());
    assertThat(section.nats()).isEqualTo(local.nats());
    assertThat(section.cql()).isEqualTo(local.cql());
  }

  @Test
  void the_readme_examples_read_credentials_from_files_and_turn_tls_on() throws IOException {
    Path secrets = Files.createDirectories(directory.resolve("secrets"));
    Files.writeString(secrets.resolve("token"), "nats-token\n");
    Files.writeString(secrets.resolve("username"), "scylla-user\n");
    Files.writeString(secrets.resolve("password"), " scylla-password \n");
    Files.writeString(secrets.resolve("ca.crt"), "not read before connecting");
    String text =
        GoConfigFiles.readme()
            .replace("/var/run/secrets/runtime-nats/", secrets + "/")
            .replace("/var/run/secrets/runtime-scylla/", secrets + "/");

    ResultStoreConfig config = ResultStoreConfig.parse(text, Map.of());

    assertThat(config.nats().token()).isEqualTo("nats-token");
    assertThat(config.nats().tls())
        .isEqualTo(
            TlsSettings.builder()
                .caFile(secrets.resolve("ca.crt"))
                .serverName("nats.messaging.svc.cluster.local")
                .build());
    assertThat(config.cql().username()).isEqualTo("scylla-user");
    assertThat(config.cql().password()).isEqualTo("scylla-password");
    assertThat(config.cql().tls())
        .isEqualTo(
            TlsSettings.builder()
                .caFile(secrets.resolve("ca.crt"))
                .serverName("scylla-client.runtime-data.svc.cluster.local")
                .build());
    assertThat(config.cql().retention()).isZero();
    assertThat(config.toString())
        .doesNotContain("nats-token")
        .doesNotContain("scylla-password")
        .doesNotContain("scylla-user");
  }
}
