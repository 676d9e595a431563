package dev.resultstore.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The deployment files under docs/deploy and the Dockerfile say what docs/operations.md says. */
class DeployManifestsTest {
  private static final Path KUBERNETES = Path.of("..", "docs", "deploy", "kubernetes");
  private static final YAMLMapper YAML = new YAMLMapper();

  @Test
  void the_disruption_budget_lets_unready_pods_be_evicted_so_an_outage_does_not_block_drains()
      throws IOException {
    JsonNode budget = YAML.readTree(KUBERNETES.resolve("poddisruptionbudget.yaml").toFile());

    assertThat(budget.path("spec").path("unhealthyPodEvictionPolicy").asText())
        .isEqualTo("AlwaysAllow");
  }

  @Test
  void the_startup_probe_waits_for_the_first_connection_not_for_the_http_server()
      throws IOException {
    JsonNode runner = container(pod(), "containers", "runner");

    assertThat(runner.path("startupProbe").path("httpGet").path("path").asText())
        .isEqualTo("/startupz");
    assertThat(runner.path("readinessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/readyz");
    assertThat(runner.path("livenessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/healthz");
  }

  @Test
  void the_pod_mounts_no_service_account_token() throws IOException {
    assertThat(pod().path("automountServiceAccountToken").isBoolean()).isTrue();
    assertThat(pod().path("automountServiceAccountToken").asBoolean()).isFalse();
  }

  @Test
  void an_init_container_checks_the_configuration_and_the_services_with_the_runner_image()
      throws IOException {
    JsonNode check = container(pod(), "initContainers", "check");
    JsonNode runner = container(pod(), "containers", "runner");

    assertThat(check.path("image").asText()).isEqualTo(runner.path("image").asText());
    assertThat(YAML.convertValue(check.path("args"), String[].class))
        .containsExactly("check", "--config", "/etc/result-store/result-store.yaml", "--connect");
  }

  @Test
  void the_image_passes_jvm_flags_on_the_command_line_so_every_log_line_is_json()
      throws IOException {
    String dockerfile = Files.readString(Path.of("..", "Dockerfile"));

    assertThat(dockerfile)
        .doesNotContain("ENV JAVA_TOOL_OPTIONS")
        .doesNotContain("JDK_JAVA_OPTIONS");
    assertThat(dockerfile).contains("ENTRYPOINT [\"java\", \"-XX:MaxRAMPercentage=75\"");
  }

  private static JsonNode pod() throws IOException {
    return YAML.readTree(KUBERNETES.resolve("deployment.yaml").toFile())
        .path("spec")
        .path("template")
        .path("spec");
  }

  private static JsonNode container(JsonNode pod, String list, String name) {
    for (JsonNode container : pod.path(list)) {
      if (container.path("name").asText().equals(name)) {
        return container;
      }
    }
    throw new AssertionError("no " + list + " entry named " + name);
  }
}
