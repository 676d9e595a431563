package dev.resultstore.runner.fault;

import dev.resultstore.runner.RunnerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Scenario 10: an operator drops the results table mid-stream and a deploy recreates it (a second
 * runner starting with {@code autoMigrate}), with one poison message among the events that quotes a
 * 1 MB field ({@code "version"}). Writes of healthy results while the table is missing
 * ("unconfigured table") are an outage, not poison: none is dead-lettered, and every result
 * published after the drop is stored once the table is back (the rows stored before the drop went
 * with the table). The poison message is dead-lettered once, with its error text cut to about 1
 * KiB.
 */
@EnabledIfSystemProperty(named = "resultstore.fault.heavy", matches = "true")
class TableRecreatedFaultIT {
  private static final int BEFORE = 500;
  private static final int DURING = 1_500;

  @Test
  void a_table_recreated_mid_stream_dead_letters_no_healthy_result() throws Exception {
    try (Scenario scenario = new Scenario("recreated")) {
      RunnerProcess first = scenario.startRunner("runner-1");
      scenario.awaitReady(first, Duration.ofMinutes(2));
      Set<String> earlyIds = new HashSet<>();
      scenario.publisher().publish(scenario.validEvents(BEFORE, earlyIds), 0);
      scenario.awaitSettled(BEFORE, Duration.ofMinutes(5));

      String table = scenario.names.keyspace() + ".invocation_results";
      scenario.store().execute("DROP TABLE " + table);
      Set<String> ids = new HashSet<>();
      List<Publisher.Outgoing> during = scenario.validEvents(DURING, ids);
      String poison =
          "{\"version\":\"" + "v".repeat(1_000_000) + "\",\"invocationID\":\"inv-poison\"}";
      during.add(
          DURING / 2,
          new Publisher.Outgoing(
              scenario.names.resultSubject("fault-app-0"),
              "result-poison",
              poison.getBytes(StandardCharsets.UTF_8)));
      long start = System.nanoTime();
      scenario.publishInBackground(during, 100).get();
      Thread.sleep(5_000);
      long heldWithoutTable = scenario.stream().backlog().ackPending();

      // The deploy: a runner starting with autoMigrate creates the table again.
      RunnerProcess second = scenario.startRunner("runner-2");
      scenario.awaitReady(second, Duration.ofMinutes(2));
      Set<String> stored = scenario.awaitStored(ids, Duration.ofMinutes(10));
      Duration drained = Duration.ofNanos(System.nanoTime() - start);
      List<StreamCheck.DeadLetter> letters = scenario.stream().deadLetters();

      Set<String> storedAfter = new HashSet<>(stored);
      storedAfter.removeAll(earlyIds);
      scenario
          .report
          .put("before", BEFORE)
          .put("during", DURING)
          .put("heldWithoutTable", heldWithoutTable)
          .put("storedOfDuring", storedAfter.size())
          .put("deadLetters", letters.size())
          .put("lost", Scenario.difference(ids, stored).size())
          .seconds("allStored", drained);
      SoftAssertions softly = new SoftAssertions();
      softly
          .assertThat(heldWithoutTable)
          .as("messages held while the table was missing")
          .isPositive();
      softly.assertThat(Scenario.difference(ids, stored)).as("ids without a row").isEmpty();
      softly.assertThat(letters).as("dead letters: the poison message only").hasSize(1);
      if (letters.size() == 1) {
        String error = letters.get(0).json().get("error").asText();
        softly.assertThat(error.length()).as("its error text").isLessThan(2_000);
        softly
            .assertThat(letters.get(0).json().get("failureClass").asText())
            .isEqualTo("malformed_message");
      }
      softly
          .assertThat(scenario.stream().backlog())
          .as("nothing left in the consumer")
          .matches(StreamCheck.Backlog::empty);
      scenario.report.finish(softly.errorsCollected().isEmpty() ? "PASS" : "FAIL");
      softly.assertAll();
    }
  }
}
