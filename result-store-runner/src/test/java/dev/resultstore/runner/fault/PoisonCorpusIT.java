package dev.resultstore.runner.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resultstore.nats.EventPublisher;
import dev.resultstore.runner.RunnerProcess;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Scenario 4: a corpus of hostile messages interleaved with valid events, through the real runner
 * jar against the real servers. Every bad message is dead-lettered exactly once, with its reason
 * and its original bytes; every valid one is stored; nothing stalls.
 */
class PoisonCorpusIT {
  private static final int VALID = Integer.getInteger("resultstore.fault.poison.valid", 2000);
  private static final ObjectMapper LENIENT = StreamCheck.JSON;

  @Test
  void every_bad_message_is_dead_lettered_once_with_its_reason_and_every_valid_one_is_stored()
      throws Exception {
    try (Scenario scenario = new Scenario("poison")) {
      RunnerProcess runner = scenario.startRunner("runner");
      scenario.awaitReady(runner, Duration.ofMinutes(2));

      List<PoisonCorpus.Case> bad = PoisonCorpus.bad();
      List<PoisonCorpus.Case> odd = PoisonCorpus.oddButValid();
      Set<String> validIds = new HashSet<>();
      List<Publisher.Outgoing> messages = scenario.validEvents(VALID, validIds);
      // the hostile messages at random (but repeatable) places among the valid ones
      Random random = new Random(42);
      List<PoisonCorpus.Case> hostile = new ArrayList<>(bad);
      hostile.addAll(odd);
      for (PoisonCorpus.Case item : hostile) {
        int at = random.nextInt(messages.size() + 1);
        messages.add(at, outgoing(scenario.names, item));
      }
      for (PoisonCorpus.Case item : odd) {
        validIds.add(item.invocationId());
      }

      long published = System.nanoTime();
      long[] sequences = scenario.publisher().publish(messages, 0);
      Map<Long, PoisonCorpus.Case> badBySequence = new HashMap<>();
      Map<String, PoisonCorpus.Case> badByMessageId = new HashMap<>();
      for (PoisonCorpus.Case item : bad) {
        badByMessageId.put(messageId(scenario.names, item), item);
      }
      for (int i = 0; i < messages.size(); i++) {
        PoisonCorpus.Case item = badByMessageId.get(messages.get(i).messageId());
        if (item != null) {
          badBySequence.put(sequences[i], item);
        }
      }
      assertThat(badBySequence).hasSize(bad.size());

      // quiet: every valid one stored, every bad one dead-lettered, nothing held; else the
      // assertions below say what is missing or stuck
      boolean quiet =
          scenario.awaitQuiet(validIds, bad.size(), Duration.ofMinutes(4), Duration.ofSeconds(45));
      Duration drained = Duration.ofNanos(System.nanoTime() - published);
      Set<String> stored = scenario.store().storedIds();
      List<StreamCheck.DeadLetter> letters = scenario.stream().deadLetters();

      scenario
          .report
          .put("kinds", bad.size())
          .put("oddButValid", odd.size())
          .put("valid", VALID)
          .put("published", messages.size())
          .put("stored", stored.size())
          .put("deadLetters", letters.size())
          .seconds(quiet ? "publishToDrained" : "gaveUpAfter", drained)
          .put("backlog", scenario.stream().backlog());

      SoftAssertions softly = new SoftAssertions();
      softly
          .assertThat(Scenario.difference(validIds, stored))
          .as("valid ids without a row")
          .isEmpty();
      softly
          .assertThat(Scenario.difference(stored, validIds))
          .as("rows of ids never published as valid")
          .isEmpty();
      Map<Long, List<StreamCheck.DeadLetter>> byOriginal =
          letters.stream().collect(Collectors.groupingBy(StreamCheck.DeadLetter::originalSequence));
      softly
          .assertThat(letters.size())
          .as("dead letters, one per bad message")
          .isEqualTo(bad.size());
      for (Map.Entry<Long, PoisonCorpus.Case> entry : badBySequence.entrySet()) {
        PoisonCorpus.Case item = entry.getValue();
        List<StreamCheck.DeadLetter> mine = byOriginal.getOrDefault(entry.getKey(), List.of());
        softly.assertThat(mine.size()).as("dead letters of %s", item.kind()).isEqualTo(1);
        if (mine.size() == 1) {
          StreamCheck.DeadLetter letter = mine.get(0);
          softly
              .assertThat(letter.json())
              .as("%s: the dead letter is JSON", item.kind())
              .isNotNull();
          softly
              .assertThat(letter.text("failureClass"))
              .as("%s: failure class", item.kind())
              .isEqualTo("malformed_message");
          softly.assertThat(letter.text("error")).as("%s: reason", item.kind()).isNotBlank();
          softly
              .assertThat(letter.text("source"))
              .as("%s: source", item.kind())
              .isEqualTo("result");
          softly
              .assertThat(letter.subject())
              .as("%s: subject", item.kind())
              .startsWith(scenario.names.prefix() + ".dlq.result.");
          softly
              .assertThat(payloadKeeps(letter, item.payload()))
              .as("%s: payload keeps the original bytes", item.kind())
              .isTrue();
          System.out.printf(
              "  %-32s -> %s: %s%n",
              item.kind(),
              letter.subject().substring(scenario.names.prefix().length() + 1),
              abbreviate(letter.text("error")));
        }
      }
      // the odd but valid ones are stored whole
      for (PoisonCorpus.Case item : odd) {
        Row row = scenario.store().row(item.invocationId());
        softly.assertThat(row).as("row of %s", item.kind()).isNotNull();
        if (row != null && item.kind().equals("header-map-of-1-mib")) {
          softly.assertThat(row.getMap("headers", String.class, String.class)).hasSize(1024);
        }
        if (row != null && item.kind().equals("body-nested-5000-deep")) {
          softly.assertThat(row.getLong("body_bytes")).isEqualTo(10_000L);
        }
        if (row != null && item.kind().equals("body-of-2-mib")) {
          softly.assertThat(row.getLong("body_bytes")).isEqualTo(2L * 1024 * 1024 + 2);
        }
      }
      softly
          .assertThat(scenario.stream().backlog().empty())
          .as("nothing left in the consumer")
          .isTrue();
      scenario.report.finish(softly.errorsCollected().isEmpty() ? "PASS" : "FAIL");
      softly.assertAll();
    }
  }

  private static Publisher.Outgoing outgoing(Names names, PoisonCorpus.Case item) {
    return new Publisher.Outgoing(
        names.resultSubject(item.requestId()), messageId(names, item), item.payload());
  }

  private static String messageId(Names names, PoisonCorpus.Case item) {
    return item.invocationId() != null
        ? EventPublisher.resultMessageId(item.invocationId())
        : "poison-" + item.kind() + "-" + names.id();
  }

  /**
   * The dead letter's {@code payload} is the original: the same JSON value when the original is
   * JSON, else a JSON string of the original text (any string when the original is not UTF-8).
   */
  private static boolean payloadKeeps(StreamCheck.DeadLetter letter, byte[] original) {
    if (letter.json() == null || !letter.json().has("payload")) {
      return false;
    }
    JsonNode payload = letter.json().get("payload");
    JsonNode asJson = tree(original);
    if (asJson != null && asJson.equals(payload)) {
      return true;
    }
    if (payload.isTextual()) {
      String text = utf8(original);
      return text == null || payload.asText().equals(text);
    }
    return false;
  }

  private static JsonNode tree(byte[] bytes) {
    try {
      return LENIENT.readTree(bytes);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 110 ? text : text.substring(0, 107) + "...";
  }
}
