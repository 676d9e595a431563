package dev.resultstore.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resultstore.nats.DeadLetter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PublishCommandTest {

  @Test
  void a_sample_goes_to_the_subject_of_its_request_read_until_its_json_breaks() {
    String malformed =
        "{\"version\":\"v1\",\"invocationID\":\"inv-broken\",\"serverlessRequestID\":\"sd-webui\","
            + "\"mode\":\"sync\",\"body\":{\"unterminated\":";

    assertThat(PublishCommand.subject("p", malformed.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("p.result.sd-webui");
  }

  @Test
  void a_request_id_that_is_not_one_subject_token_is_not_used() {
    String event = "{\"invocationID\":\"inv-1\",\"serverlessRequestID\":\"a.b\"}";

    assertThat(PublishCommand.subject("p", event.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("p.result.unknown");
  }

  @Test
  void what_is_not_a_json_object_goes_to_the_unknown_subject() {
    assertThat(PublishCommand.subject("p", "not json".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("p.result.unknown");
  }

  @Test
  void a_replay_goes_to_the_original_subject_or_the_result_subject_of_its_request() {
    DeadLetter withSubject =
        letter("{\"serverlessRequestID\":\"a\",\"originalSubject\":\"p.result.a\"}");
    DeadLetter foreignSubject =
        letter("{\"serverlessRequestID\":\"a\",\"originalSubject\":\"q.other.a\"}");
    DeadLetter nothing = letter("{}");

    assertThat(DlqCommand.ReplayCommand.originalSubject("p", withSubject)).isEqualTo("p.result.a");
    assertThat(DlqCommand.ReplayCommand.originalSubject("p", foreignSubject))
        .isEqualTo("p.result.a");
    assertThat(DlqCommand.ReplayCommand.originalSubject("p", nothing))
        .isEqualTo("p.result.unknown");
  }

  private static DeadLetter letter(String json) {
    return DeadLetter.parse(json.getBytes(StandardCharsets.UTF_8));
  }
}
