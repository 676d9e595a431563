package dev.resultstore.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.PermanentStoreException;
import io.nats.client.Message;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PoisonIT {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestNats nats;
  private NatsResultSource source;

  @BeforeEach
  void setUp() {
    nats = TestNats.shared();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (source != null) {
      source.close();
    }
    nats.close();
  }

  @Test
  void every_poison_kind_is_dead_lettered_once_and_the_valid_results_around_it_are_stored()
      throws Exception {
    NatsSourceConfig config = nats.config().build();
    nats.createStream(config);
    InvocationResult refused = TestNats.result("refused-app");
    InvocationResult buggy = TestNats.result("buggy-app");
    ScriptedSink sink =
        new ScriptedSink()
            .failing(
                result -> {
                  if (result.invocationId().equals(refused.invocationId())) {
                    return new PermanentStoreException("value too large for the store", null);
                  }
                  if (result.invocationId().equals(buggy.invocationId())) {
                    return new IllegalStateException("a bug in the sink");
                  }
                  return null;
                });
    List<InvocationResult> valid = new ArrayList<>(publishValid(10));
    nats.publish("garbage-req", bytes("this is not json"), null);
    nats.publish("other-token", sample("malformed.txt"), null);
    nats.publish("utf8-req", invalidUtf8Event(), null);
    nats.publish(
        "from-subject",
        bytes(
            "{\"version\":\"v1\",\"invocationID\":\"inv-no-mode\",\"serverlessRequestID\":\"from-event\","
                + "\"workerName\":\"unit-x\",\"workerNamespace\":\"ns\",\"completedAt\":\"2026-07-13T09:41:16Z\"}"),
        null);
    nats.publish(
        "fallback-req",
        bytes(
            "{\"version\":\"v1\",\"invocationID\":\"inv-bad-request\",\"serverlessRequestID\":\"bad.token\","
                + "\"mode\":\"sync\",\"completedAt\":\"2026-07-13T09:41:16Z\"}"),
        null);
    nats.publish(refused);
    nats.publish(buggy);
    valid.addAll(publishValid(10));
    CountingListener listener = new CountingListener();

    source = NatsResultSource.create(config, sink, listener);
    source.start();

    await()
        .atMost(PATIENCE)
        .until(
            () ->
                listener.deadLetteredAs(FailureClass.MALFORMED_MESSAGE) == 6
                    && listener.deadLetteredAs(FailureClass.RETRY_EXHAUSTED) == 1);
    await().atMost(PATIENCE).until(() -> sink.stored() == valid.size());
    assertThat(valid).allSatisfy(r -> assertThat(sink.get(r.invocationId())).isPresent());
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(nats.consumerInfo().getNumAckPending()).isZero();
              assertThat(nats.consumerInfo().getNumPending()).isZero();
            });
    // Terminated: never delivered again (the bug's message was delivered maxDeliver = 3 times).
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> listener.received.get() == valid.size() + 7 + 2);
    assertThat(sink.writesOf(buggy.invocationId())).isEqualTo(3);
    assertThat(sink.writesOf(refused.invocationId())).isEqualTo(1);

    Map<String, Message> letters = new HashMap<>();
    for (Message letter : nats.deadLetters()) {
      assertThat(letters.put(letter.getHeaders().getFirst("Nats-Msg-Id"), letter)).isNull();
    }
    assertThat(letters).hasSize(7);
    Map<String, JsonNode> bySubject = new HashMap<>();
    for (Map.Entry<String, Message> entry : letters.entrySet()) {
      JsonNode json = JSON.readTree(entry.getValue().getData());
      String invocationId =
          json.has("invocationID") ? json.get("invocationID").asText() : "unknown";
      assertThat(entry.getKey())
          .isEqualTo("dlq-result-" + invocationId + "-" + json.get("streamSequence").asLong());
      assertThat(json.get("version").asText()).isEqualTo("v1");
      assertThat(json.get("source").asText()).isEqualTo("result");
      assertThat(json.get("state").asText()).isEqualTo("dead_lettered");
      assertThat(json.get("stream").asText()).isEqualTo(nats.stream);
      assertThat(json.get("consumer").asText()).isEqualTo(nats.consumer);
      assertThat(json.get("originalSubject").asText()).startsWith(nats.prefix + ".result.");
      assertThat(json.get("failedAt").asText()).endsWith("Z");
      bySubject.put(entry.getValue().getSubject(), json);
    }
    String dlq = nats.prefix + ".dlq.result.";

    JsonNode notJson = bySubject.get(dlq + "garbage-req");
    assertThat(notJson.get("failureClass").asText()).isEqualTo("malformed_message");
    assertThat(notJson.get("payload").asText()).isEqualTo("this is not json");
    assertThat(notJson.has("invocationID")).isFalse();
    assertThat(notJson.get("deliveryCount").asInt()).isEqualTo(1);

    JsonNode truncated = bySubject.get(dlq + "sd-webui");
    assertThat(truncated.get("invocationID").asText()).isEqualTo("inv-broken");
    assertThat(truncated.get("originalSubject").asText())
        .isEqualTo(nats.prefix + ".result.other-token");
    assertThat(truncated.get("payload").isTextual()).isTrue();

    JsonNode notUtf8 = bySubject.get(dlq + "utf8-req");
    assertThat(notUtf8.get("payload").asText()).contains("inv-utf8").contains("\uFFFD");

    JsonNode noMode = bySubject.get(dlq + "from-event");
    assertThat(noMode.get("error").asText()).contains("mode");
    assertThat(noMode.get("payload").isObject()).isTrue();
    assertThat(noMode.get("payload").get("invocationID").asText()).isEqualTo("inv-no-mode");
    assertThat(noMode.get("workerName").asText()).isEqualTo("unit-x");
    assertThat(noMode.get("workerNamespace").asText()).isEqualTo("ns");

    JsonNode badRequest = bySubject.get(dlq + "fallback-req");
    assertThat(badRequest.get("serverlessRequestID").asText()).isEqualTo("bad.token");
    assertThat(badRequest.get("error").asText()).contains("serverlessRequestID");

    JsonNode refusedLetter = bySubject.get(dlq + "refused-app");
    assertThat(refusedLetter.get("failureClass").asText()).isEqualTo("malformed_message");
    assertThat(refusedLetter.get("error").asText()).contains("value too large for the store");
    assertThat(refusedLetter.get("invocationID").asText()).isEqualTo(refused.invocationId());
    assertThat(refusedLetter.get("payload").get("invocationID").asText())
        .isEqualTo(refused.invocationId());

    JsonNode exhausted = bySubject.get(dlq + "buggy-app");
    assertThat(exhausted.get("failureClass").asText()).isEqualTo("retry_exhausted");
    assertThat(exhausted.get("deliveryCount").asInt()).isEqualTo(3);
    assertThat(exhausted.get("error").asText()).contains("a bug in the sink");
  }

  @Test
  void refuses_to_start_when_no_stream_captures_the_dead_letters() throws Exception {
    // A stream without the dead-letter subjects, and no other stream for them: every dead letter
    // would fail, and its message would never settle.
    nats.management.addStream(
        StreamConfiguration.builder()
            .name(nats.stream)
            .subjects(nats.prefix + ".result.*")
            .storageType(StorageType.File)
            .build());
    source = NatsResultSource.create(nats.config().build(), new ScriptedSink(), null);

    assertThatThrownBy(source::start)
        .isInstanceOf(NatsSourceException.class)
        .hasMessageContaining("No stream captures " + nats.prefix + ".dlq.result.*");
  }

  @Test
  void a_dead_letter_the_stream_refuses_gives_its_message_back_until_it_can_be_published()
      throws Exception {
    // The stream is full (one message at most, new ones refused): the dead letter of the one
    // message in it cannot be published. The message must be neither terminated without its
    // letter nor held for ever: it goes back to the server with a delay, and is dead-lettered
    // on a later delivery once the stream takes the letter.
    NatsSourceConfig config = nats.config().build();
    nats.management.addStream(
        StreamConfiguration.builder(StreamSetup.desired(config))
            .maxMessages(1)
            .discardPolicy(DiscardPolicy.New)
            .build());
    nats.publish("garbage-req", bytes("not json either"), null);
    CountingListener listener = new CountingListener();
    source = NatsResultSource.create(config, new ScriptedSink(), listener);
    source.start();

    await().atMost(PATIENCE).until(() -> listener.deadLetterFailures.get() >= 1);
    await().atMost(PATIENCE).until(() -> listener.received.get() >= 2);
    assertThat(listener.deadLetteredAs(FailureClass.MALFORMED_MESSAGE)).isZero();

    nats.management.updateStream(
        StreamConfiguration.builder(nats.streamConfiguration()).maxMessages(-1).build());

    await()
        .atMost(PATIENCE)
        .until(() -> listener.deadLetteredAs(FailureClass.MALFORMED_MESSAGE) == 1);
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(nats.consumerInfo().getNumAckPending()).isZero());
    assertThat(nats.consumerInfo().getNumPending()).isZero();
    List<Message> letters = nats.deadLetters();
    assertThat(letters).hasSize(1);
    JsonNode letter = JSON.readTree(letters.get(0).getData());
    assertThat(letter.get("payload").asText()).isEqualTo("not json either");
    assertThat(letter.get("deliveryCount").asInt()).isGreaterThan(1);
  }

  @Test
  void a_poison_message_near_the_maximum_payload_is_dead_lettered_with_its_payload_cut()
      throws Exception {
    NatsSourceConfig config = nats.config().build();
    nats.createStream(config);
    long maxPayload = nats.connection.getServerInfo().getMaxPayload();
    // Not JSON, and every quote doubles once escaped: its dead letter cannot hold it whole.
    byte[] huge = bytes("\"".repeat((int) maxPayload - 4096));
    nats.publish("huge-req", huge, null);
    List<InvocationResult> valid = publishValid(3);
    CountingListener listener = new CountingListener();
    ScriptedSink sink = new ScriptedSink();

    source = NatsResultSource.create(config, sink, listener);
    source.start();

    await()
        .atMost(PATIENCE)
        .until(() -> listener.deadLetteredAs(FailureClass.MALFORMED_MESSAGE) == 1);
    await().atMost(PATIENCE).until(() -> sink.stored() == valid.size());
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(nats.consumerInfo().getNumAckPending()).isZero());
    List<Message> letters = nats.deadLetters();
    assertThat(letters).hasSize(1);
    assertThat(letters.get(0).getData().length).isLessThanOrEqualTo((int) maxPayload);
    JsonNode letter = JSON.readTree(letters.get(0).getData());
    assertThat(letter.get("payloadTruncated").asBoolean()).isTrue();
    assertThat(letter.get("payloadBytes").asLong()).isEqualTo(huge.length);
    assertThat(letter.get("payload").asText()).isNotEmpty().matches("\"+");
    assertThat(letter.get("error").asText())
        .doesNotStartWith(" [")
        .contains("payload cut to its first")
        .contains("of stream " + nats.stream);
  }

  private List<InvocationResult> publishValid(int count) throws Exception {
    List<InvocationResult> results = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      InvocationResult result = TestNats.result("valid-app");
      nats.publish(result);
      results.add(result);
    }
    return results;
  }

  private static byte[] invalidUtf8Event() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        bytes(
            "{\"version\":\"v1\",\"invocationID\":\"inv-utf8\",\"serverlessRequestID\":\"utf8-req\","
                + "\"mode\":\"sync\",\"error\":\""));
    out.write(0xC3);
    out.write(0x28);
    out.writeBytes(bytes("\",\"completedAt\":\"2026-07-13T09:41:16Z\"}"));
    return out.toByteArray();
  }

  /** A contract sample, from the copy in the core module's test jar. */
  private static byte[] sample(String name) throws IOException {
    try (InputStream in = PoisonIT.class.getResourceAsStream("/contract-samples/" + name)) {
      if (in == null) {
        throw new IOException("no contract sample " + name + " on the test class path");
      }
      return in.readAllBytes();
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
