package dev.resultstore.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PublishCommandTest {

  @Test
  void reads_the_identity_of_a_message_until_its_json_breaks() {
    String malformed =
        "{\"version\":\"v1\",\"invocationID\":\"inv-broken\",\"serverlessRequestID\":\"sd-webui\","
            + "\"mode\":\"sync\",\"body\":{\"unterminated\":";

    assertThat(PublishCommand.peek(malformed.getBytes(StandardCharsets.UTF_8)))
        .containsExactly("inv-broken", "sd-webui");
  }

  @Test
  void a_request_id_that_is_not_one_subject_token_is_not_used() {
    String event = "{\"invocationID\":\"inv-1\",\"serverlessRequestID\":\"a.b\"}";

    assertThat(PublishCommand.peek(event.getBytes(StandardCharsets.UTF_8)))
        .containsExactly("inv-1", null);
  }

  @Test
  void what_is_not_a_json_object_has_no_identity() {
    assertThat(PublishCommand.peek("not json".getBytes(StandardCharsets.UTF_8)))
        .containsExactly(null, null);
  }

  @Test
  void a_replay_goes_to_the_original_subject_or_the_result_subject_of_its_request() {
    DeadLetter withSubject =
        new DeadLetter("p.dlq.result.a", 1, null, null, "inv-1", "a", "p.result.a", 1, null, null);
    DeadLetter foreignSubject =
        new DeadLetter("p.dlq.result.a", 1, null, null, "inv-1", "a", "q.other.a", 1, null, null);
    DeadLetter nothing =
        new DeadLetter("p.dlq.result.x", 1, null, null, null, null, null, 1, null, null);

    assertThat(DlqCommand.ReplayCommand.originalSubject("p", withSubject)).isEqualTo("p.result.a");
    assertThat(DlqCommand.ReplayCommand.originalSubject("p", foreignSubject))
        .isEqualTo("p.result.a");
    assertThat(DlqCommand.ReplayCommand.originalSubject("p", nothing))
        .isEqualTo("p.result.unknown");
  }
}
