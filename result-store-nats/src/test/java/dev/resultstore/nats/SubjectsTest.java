package dev.resultstore.nats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubjectsTest {

  @Test
  void the_stream_captures_the_five_subject_families_of_the_contract() {
    assertThat(Subjects.streamSubjects("runtime.serverless"))
        .containsExactly(
            "runtime.serverless.invoke.*",
            "runtime.serverless.dispatch.*.*",
            "runtime.serverless.result.*",
            "runtime.serverless.metrics.*",
            "runtime.serverless.dlq.*.*");
  }

  @Test
  void a_pattern_covers_a_filter_when_it_matches_every_subject_the_filter_matches() {
    String results = "runtime.serverless.result.*";

    assertThat(Subjects.covers("runtime.serverless.result.*", results)).isTrue();
    assertThat(Subjects.covers("runtime.serverless.result.>", results)).isTrue();
    assertThat(Subjects.covers("runtime.serverless.>", results)).isTrue();
    assertThat(Subjects.covers("runtime.*.*.*", results)).isTrue();
    assertThat(Subjects.covers(">", results)).isTrue();

    assertThat(Subjects.covers("runtime.serverless.result.abc", results)).isFalse();
    assertThat(Subjects.covers("runtime.serverless.result", results)).isFalse();
    assertThat(Subjects.covers("runtime.serverless.result.*.*", results)).isFalse();
    assertThat(Subjects.covers("runtime.serverless.*", results)).isFalse();
    assertThat(Subjects.covers("other.serverless.result.*", results)).isFalse();
    assertThat(Subjects.covers("runtime.serverless.result.*", "runtime.serverless.result.>"))
        .isFalse();
    assertThat(Subjects.covers("runtime.serverless.dlq.*.*", "runtime.serverless.dlq.result.*"))
        .isTrue();
  }

  @Test
  void any_covers_looks_at_every_subject_of_the_stream() {
    assertThat(Subjects.anyCovers(List.of("a.invoke.*", "a.>"), "a.result.*")).isTrue();
    assertThat(Subjects.anyCovers(List.of("a.invoke.*"), "a.result.*")).isFalse();
    assertThat(Subjects.anyCovers(null, "a.result.*")).isFalse();
  }

  @Test
  void the_dead_letter_token_prefers_the_event_then_the_subject_then_unknown() {
    assertThat(Subjects.deadLetterToken("sd-webui", "p.result.other")).isEqualTo("sd-webui");
    assertThat(Subjects.deadLetterToken(null, "p.result.whisper_v3")).isEqualTo("whisper_v3");
    assertThat(Subjects.deadLetterToken("bad.token", "p.result.from-subject"))
        .isEqualTo("from-subject");
    assertThat(Subjects.deadLetterToken("has space", null)).isEqualTo("unknown");
    assertThat(Subjects.deadLetterToken("", "p.result.")).isEqualTo("unknown");
    assertThat(Subjects.deadLetterSubject("p", "x")).isEqualTo("p.dlq.result.x");
  }

  @Test
  void a_token_too_long_for_a_dead_letter_subject_falls_back_to_the_next_choice() {
    String longest = "r".repeat(256);
    String tooLong = "r".repeat(257);
    assertThat(Subjects.deadLetterToken(longest, null)).isEqualTo(longest);
    assertThat(Subjects.deadLetterToken(tooLong, "p.result.from-subject"))
        .isEqualTo("from-subject");
    assertThat(Subjects.deadLetterToken(null, "p.result." + "s".repeat(5000))).isEqualTo("unknown");
    assertThat(Subjects.deadLetterToken("é".repeat(129), null)).isEqualTo("unknown");
  }

  @Test
  void tokens_and_names_follow_the_nats_rules() {
    assertThat(Subjects.isValidToken("llm-chat_2")).isTrue();
    assertThat(Subjects.isValidToken("a*")).isFalse();
    assertThat(Subjects.isValidToken("a\tb")).isFalse();
    assertThat(Subjects.isValidLiteralSubject("runtime.serverless")).isTrue();
    assertThat(Subjects.isValidLiteralSubject("runtime..serverless")).isFalse();
    assertThat(Subjects.isValidName("RUNTIME_SERVERLESS")).isTrue();
    assertThat(Subjects.isValidName("a\\b")).isFalse();
  }
}
