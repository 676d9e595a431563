package dev.resultstore.runner.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resultstore.runner.RunnerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Scenario 7: NATS that requires TLS (127.0.0.1:4223) and a CQL server with client encryption
 * required (127.0.0.1:19142), both with certificates of a test CA generated at run time ({@code
 * scripts/tls.sh}). The runner connects with the configured CA and stores everything; given a CA
 * that did not sign the server's certificate it refuses the server with a clear error and never
 * becomes ready. Run by {@code scripts/fault-suite.sh}.
 */
@EnabledIfSystemProperty(named = "resultstore.fault.heavy", matches = "true")
class TlsFaultIT {
  private static final int EVENTS = Integer.getInteger("resultstore.fault.tls.events", 3_000);

  /** A warning or error that names the certificate problem (not the configuration dump). */
  private static final Pattern TLS_ERROR =
      Pattern.compile("(?m)^.* (WARN|ERROR) .*(SSLHandshakeException|PKIX|certificate).*$");

  private static final String NATS_URL = "tls://127.0.0.1:4223";
  private static final String CQL_HOST = "127.0.0.1:19142";

  @BeforeAll
  static void startTlsServers() throws Exception {
    Scripts.run("tls.sh", "start");
  }

  @Test
  void the_runner_stores_everything_over_tls_with_the_configured_ca() throws Exception {
    try (Scenario scenario = tlsScenario("tls", TlsFiles.ca(), TlsFiles.ca())) {
      RunnerProcess runner = scenario.startRunner("runner");
      scenario.awaitReady(runner, Duration.ofMinutes(2));
      Set<String> ids = new HashSet<>();
      List<Publisher.Outgoing> messages = scenario.validEvents(EVENTS, ids);
      long start = System.nanoTime();
      scenario.publisher().publish(messages, 0);
      Set<String> stored = scenario.awaitStored(ids, Duration.ofMinutes(5));
      long deadLetters =
          scenario.stream().deadLetterCounts().values().stream().mapToLong(Long::longValue).sum();
      scenario
          .report
          .put("events", EVENTS)
          .put("stored", stored.size())
          .put("deadLetters", deadLetters)
          .seconds("allStored", Duration.ofNanos(System.nanoTime() - start));
      SoftAssertions softly = new SoftAssertions();
      softly
          .assertThat(Scenario.difference(ids, stored))
          .as("published ids without a row")
          .isEmpty();
      softly.assertThat(deadLetters).as("dead letters").isZero();
      scenario.report.finish(softly.errorsCollected().isEmpty() ? "PASS" : "FAIL");
      softly.assertAll();
    }
  }

  @Test
  void the_runner_refuses_a_nats_server_whose_certificate_it_does_not_trust() throws Exception {
    refuses("tlsnats", TlsFiles.untrustedCa(), TlsFiles.ca(), "NATS");
  }

  @Test
  void the_runner_refuses_a_cql_server_whose_certificate_it_does_not_trust() throws Exception {
    refuses("tlscql", TlsFiles.ca(), TlsFiles.untrustedCa(), "CQL");
  }

  private static void refuses(String name, Path natsCa, Path cqlCa, String refused)
      throws Exception {
    try (Scenario scenario = tlsScenario(name, natsCa, cqlCa)) {
      RunnerProcess runner = scenario.startRunner("runner");
      long start = System.nanoTime();
      boolean exited = runner.awaitExit(Duration.ofSeconds(30));
      boolean everReady = !exited && runner.ready();
      String log = runner.log();
      String found = tlsError(log);
      boolean named = found != null;
      String line = named ? abbreviate(found) : "(no TLS error in the log)";
      scenario
          .report
          .put("refused", refused)
          .put("exited", exited)
          .put("exitStatus", exited ? runner.exitValue() : "running")
          .seconds("after", Duration.ofNanos(System.nanoTime() - start))
          .put("error", '"' + line.replace('"', '\'') + '"');
      scenario.report.finish(!everReady && named ? "PASS" : "FAIL");
      assertThat(everReady).as("ready with an untrusted %s server:\n%s", refused, log).isFalse();
      assertThat(named).as("a warning or error names the certificate problem:\n%s", log).isTrue();
    }
  }

  /** The first TLS warning or error of our own loggers, else of any; null when there is none. */
  private static String tlsError(String log) {
    Matcher error = TLS_ERROR.matcher(log);
    String first = null;
    while (error.find()) {
      String line = error.group().trim();
      if (line.contains(" dev.resultstore.")) {
        return line;
      }
      first = first == null ? line : first;
    }
    return first;
  }

  /** The logger's message, shortened around the TLS exception it carries. */
  private static String abbreviate(String line) {
    int at = line.indexOf(" - ");
    String message = at < 0 ? line : line.substring(at + 3);
    if (message.length() <= 300) {
      return message;
    }
    int cause = message.indexOf("SSLHandshakeException");
    if (cause < 0) {
      return message.substring(0, 297) + "...";
    }
    String tail = message.substring(cause, Math.min(message.length(), cause + 180));
    return message.substring(0, Math.min(cause, 100)) + " ... " + tail;
  }

  /** A scenario on the TLS servers; the checks themselves always trust the right CA. */
  private static Scenario tlsScenario(String name, Path natsCa, Path cqlCa) throws Exception {
    Scenario scenario = new Scenario(name);
    scenario.settings.natsUrl = NATS_URL;
    scenario.settings.natsCaFile = natsCa;
    scenario.settings.cqlHosts.clear();
    scenario.settings.cqlHosts.add(CQL_HOST);
    scenario.settings.cqlCaFile = cqlCa;
    scenario.natsTls = TlsFiles.trusting(TlsFiles.ca());
    scenario.cqlTls = TlsFiles.trusting(TlsFiles.ca());
    return scenario;
  }
}
