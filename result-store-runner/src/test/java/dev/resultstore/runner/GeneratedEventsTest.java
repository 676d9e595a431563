package dev.resultstore.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.InvocationState;
import dev.resultstore.core.ResultCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GeneratedEventsTest {
  private static final Instant NOW = Instant.parse("2026-07-13T10:00:00.123456789Z");

  @Test
  void generated_events_are_valid_v1_events_with_unique_ids() {
    GeneratedEvents events = new GeneratedEvents(List.of("app-a", "app-b"), 42);
    ResultCodec codec = ResultCodec.create();
    Set<String> ids = new HashSet<>();
    Set<InvocationState> states = EnumSet.noneOf(InvocationState.class);

    for (int i = 0; i < 100; i++) {
      GeneratedEvents.Event event = events.next(i, NOW);
      InvocationResult result = codec.decode(event.json());
      assertThat(result.invocationId()).isEqualTo(event.invocationId()).matches("inv-[0-9a-f]{32}");
      assertThat(result.serverlessRequestId()).isEqualTo(event.serverlessRequestId());
      assertThat(result.completedAt()).isEqualTo(NOW);
      assertThat(result.startedAt()).isBefore(NOW);
      ids.add(result.invocationId());
      states.add(result.state());
    }

    assertThat(ids).hasSize(100);
    assertThat(states)
        .containsExactlyInAnyOrder(
            InvocationState.SUCCEEDED, InvocationState.FAILED, InvocationState.EXPIRED);
  }

  @Test
  void the_same_seed_gives_the_same_events() {
    byte[] first = new GeneratedEvents(List.of("a"), 7).next(0, NOW).json();
    byte[] second = new GeneratedEvents(List.of("a"), 7).next(0, NOW).json();

    assertThat(new String(first, StandardCharsets.UTF_8))
        .isEqualTo(new String(second, StandardCharsets.UTF_8));
  }
}
