package dev.resultstore.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resultstore.core.InvocationMode;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.InvocationState;
import dev.resultstore.core.ResultCodec;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GeneratedEventsTest {
  private static final Instant END = Instant.parse("2026-11-23T10:00:00Z");
  private static final ResultCodec CODEC = ResultCodec.create();

  private static final List<String> APPS = List.of("app-a", "app-b", "app-c");

  private final GeneratedEvents events = new GeneratedEvents(42, 10_000, APPS, 1024, 300_000, END);

  @Test
  void every_event_decodes_with_the_codec_and_names_its_index_s_ids() {
    for (int i = 0; i < 10_000; i += 7) {
      InvocationResult result = CODEC.decode(events.json(i));

      assertThat(result.invocationId()).isEqualTo(events.invocationId(i));
      assertThat(result.serverlessRequestId()).isEqualTo(APPS.get(i % 3));
      assertThat(result.bodyBytes()).isEqualTo(events.bodySize(i));
    }
  }

  @Test
  void bodies_are_exactly_the_asked_size_and_large_ones_the_large_size() {
    InvocationResult normal = CODEC.decode(events.json(0));
    InvocationResult large = CODEC.decode(events.json(1_000));

    assertThat(normal.body().size()).isEqualTo(1024);
    assertThat(normal.state()).isEqualTo(InvocationState.SUCCEEDED);
    assertThat(normal.contentType()).isEqualTo("application/json");
    assertThat(large.body().size()).isEqualTo(300_000);
  }

  @Test
  void five_percent_are_failures_without_a_body() {
    int failures = 0;
    for (int i = 0; i < 10_000; i++) {
      if (GeneratedEvents.isFailure(i)) {
        failures++;
        InvocationResult result = CODEC.decode(events.json(i));
        assertThat(result.state()).isEqualTo(InvocationState.FAILED);
        assertThat(result.failureClass()).isEqualTo("framework_error");
        assertThat(result.body()).isNull();
        assertThat(result.error()).isNotBlank();
      }
    }

    assertThat(failures).isEqualTo(500);
  }

  @Test
  void a_third_are_synchronous() {
    assertThat(CODEC.decode(events.json(3)).mode()).isEqualTo(InvocationMode.SYNC);
    assertThat(CODEC.decode(events.json(3)).replySubject()).isNotNull();
    assertThat(CODEC.decode(events.json(4)).mode()).isEqualTo(InvocationMode.ASYNC);
  }

  @Test
  void the_same_seed_and_index_give_the_same_bytes_and_other_seeds_other_ids() {
    GeneratedEvents again = new GeneratedEvents(42, 10_000, APPS, 1024, 300_000, END);
    GeneratedEvents other = new GeneratedEvents(43, 10_000, APPS, 1024, 300_000, END);

    assertThat(again.json(1234)).isEqualTo(events.json(1234));
    assertThat(other.invocationId(1234)).isNotEqualTo(events.invocationId(1234));
  }

  @Test
  void invocation_ids_are_unique_and_in_the_go_format() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(events.invocationId(i));
    }

    assertThat(ids).hasSize(10_000).allMatch(id -> id.matches("inv-[0-9a-f]{32}"));
  }

  @Test
  void completions_are_a_millisecond_apart_and_the_last_one_is_the_end() {
    Instant last = CODEC.decode(events.json(9_999)).completedAt();
    Instant before = CODEC.decode(events.json(9_998)).completedAt();

    assertThat(last).isBetween(END, END.plusNanos(999));
    assertThat(before).isBefore(last);
    assertThat(CODEC.decode(events.json(0)).startedAt())
        .isBefore(CODEC.decode(events.json(0)).completedAt());
  }

  @Test
  void an_event_is_what_the_codec_encodes_for_its_result() {
    for (int i = 0; i < 10_000; i += 997) {
      assertThat(events.json(i)).isEqualTo(CODEC.encode(events.result(i)));
      assertThat(CODEC.decode(events.json(i)))
          .usingRecursiveComparison()
          .ignoringFields("storedAt")
          .isEqualTo(events.result(i));
    }
  }

  @Test
  void subjects_are_the_result_subjects_of_the_prefix() {
    assertThat(events.subject("bench.ab12.ours", 34)).isEqualTo("bench.ab12.ours.result.app-b");
  }

  @Test
  void bodies_too_small_for_the_json_are_refused() {
    assertThatThrownBy(() -> new GeneratedEvents(1, 10, APPS, 15, 15, END))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GeneratedEvents(1, 10, APPS, 100, 99, END))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
