package dev.resultstore.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dashboard and the alert rules are well formed and documented (no network). */
class MonitoringFilesTest {

  @Test
  void every_dashboard_panel_query_selects_at_least_one_metric() {
    List<String> expressions = MonitoringFiles.dashboardExpressions();

    assertThat(expressions).hasSizeGreaterThan(20);
    assertThat(expressions)
        .allSatisfy(expression -> assertThat(MonitoringFiles.metricNames(expression)).isNotEmpty());
  }

  @Test
  void every_alert_has_an_expression_a_severity_and_a_summary() {
    List<JsonNode> rules = MonitoringFiles.alertRules();

    assertThat(rules).hasSizeGreaterThanOrEqualTo(6);
    assertThat(rules)
        .allSatisfy(
            rule -> {
              assertThat(rule.path("alert").asText()).startsWith("ResultStore");
              assertThat(MonitoringFiles.metricNames(rule.path("expr").asText())).isNotEmpty();
              assertThat(rule.path("labels").path("severity").asText()).isIn("warning", "critical");
              assertThat(rule.path("annotations").path("summary").asText()).isNotBlank();
            });
  }

  @Test
  void the_operations_guide_names_every_alert() throws IOException {
    String guide = Files.readString(Path.of("..", "docs", "operations.md"));

    assertThat(MonitoringFiles.alertRules())
        .allSatisfy(rule -> assertThat(guide).contains("`" + rule.path("alert").asText() + "`"));
  }

  @Test
  void metric_names_are_read_from_selectors_not_from_functions_or_labels() {
    assertThat(
            MonitoringFiles.metricNames(
                "histogram_quantile(0.99, sum by (le) (rate(a_seconds_bucket{job=~\"$job\"}[5m])))"
                    + " / max(b_total{x=\"y\"})"))
        .containsExactly("a_seconds_bucket", "b_total");
  }
}
