package dev.resultstore.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's monitoring files under {@code docs/deploy}: the Grafana dashboard and the
 * PrometheusRule, read as data, with the PromQL expressions they hold and the metric names those
 * use.
 */
final class MonitoringFiles {
  static final Path DASHBOARD =
      Path.of("..", "docs", "deploy", "grafana", "result-store-runner.json");
  static final Path RULES =
      Path.of("..", "docs", "deploy", "kubernetes", "monitoring", "prometheusrule.yaml");

  /** A metric selector: a name followed by its label matchers. */
  private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");

  private MonitoringFiles() {}

  static JsonNode dashboard() {
    try {
      return new ObjectMapper().readTree(DASHBOARD.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode rules() {
    try {
      return new YAMLMapper().readTree(RULES.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every rule of every group. */
  static List<JsonNode> alertRules() {
    List<JsonNode> rules = new ArrayList<>();
    rules().path("spec").path("groups").forEach(group -> group.path("rules").forEach(rules::add));
    return rules;
  }

  /** Every panel target's expression. */
  static List<String> dashboardExpressions() {
    List<String> expressions = new ArrayList<>();
    dashboard()
        .path("panels")
        .forEach(
            panel -> panel.path("targets").forEach(t -> expressions.add(t.path("expr").asText())));
    return expressions;
  }

  /** Every alert's expression. */
  static List<String> ruleExpressions() {
    return alertRules().stream().map(rule -> rule.path("expr").asText()).toList();
  }

  /** The metric names {@code expression} selects. */
  static Set<String> metricNames(String expression) {
    Set<String> names = new TreeSet<>();
    Matcher matcher = SELECTOR.matcher(expression);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }
}
