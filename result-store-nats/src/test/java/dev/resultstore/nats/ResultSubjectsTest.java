package dev.resultstore.nats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The result subject of an event and the subject and message id of a dead letter's replay. */
class ResultSubjectsTest {

  @Test
  void an_event_goes_to_the_subject_of_its_request_read_until_its_json_breaks() {
    String malformed =
        "{\"version\":\"v1\",\"invocationID\":\"inv-broken\",\"serverlessRequestID\":\"sd-webui\","
            + "\"mode\":\"sync\",\"body\":{\"unterminated\":";

    assertThat(EventPublisher.resultSubject("p", malformed.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("p.result.sd-webui");
  }

  @Test
  void a_request_id_that_is_not_one_subject_token_is_not_used() {
    String event = "{\"invocationID\":\"inv-1\",\"serverlessRequestID\":\"a.b\"}";

    assertThat(EventPublisher.resultSubject("p", event.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("p.result.unknown");
    assertThat(EventPublisher.resultSubject("p", (String) null)).isEqualTo("p.result.unknown");
  }

  @Test
  void what_is_not_a_json_object_goes_to_the_unknown_subject() {
    assertThat(EventPublisher.resultSubject("p", "not json".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("p.result.unknown");
  }

  @Test
  void a_replay_goes_to_the_original_subject_or_the_result_subject_of_its_request() {
    DeadLetter withSubject =
        letter("{\"serverlessRequestID\":\"a\",\"originalSubject\":\"p.result.a\"}");
    DeadLetter foreignSubject =
        letter("{\"serverlessRequestID\":\"a\",\"originalSubject\":\"q.other.a\"}");
    DeadLetter nothing = letter("{}");

    assertThat(withSubject.replaySubject("p")).isEqualTo("p.result.a");
    assertThat(foreignSubject.replaySubject("p")).isEqualTo("p.result.a");
    assertThat(nothing.replaySubject("p")).isEqualTo("p.result.unknown");
  }

  @Test
  void a_replay_has_a_message_id_of_its_own_per_dead_letter() {
    DeadLetter known = letter("{\"invocationID\":\"inv-7\"}");

    assertThat(new DeadLetterReader.Stored("p.dlq.result.a", 12, known).replayMessageId())
        .isEqualTo("result-inv-7-replay-12");
    assertThat(new DeadLetterReader.Stored("p.dlq.result.a", 13, letter("{}")).replayMessageId())
        .isEqualTo("result-unknown-replay-13");
  }

  private static DeadLetter letter(String json) {
    return DeadLetter.parse(json.getBytes(StandardCharsets.UTF_8));
  }
}
