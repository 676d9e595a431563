package dev.resultstore.nats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resultstore.core.EventIdentity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeadLetterReaderTest {

  @Test
  void each_letter_is_handed_on_as_it_is_read_so_a_replay_holds_none_of_the_others()
      throws Exception {
    AtomicLong read = new AtomicLong();
    List<Long> readWhenHanded = new ArrayList<>();
    int letters = 10_000;

    long handed =
        DeadLetterReader.forEach(
            () -> read.incrementAndGet() > letters ? null : letter(read.get(), letters),
            letters,
            letter -> true,
            stored -> readWhenHanded.add(read.get() - stored.sequence()));

    assertThat(handed).isEqualTo(letters);
    assertThat(readWhenHanded).as("letters read ahead of the one handed on").containsOnly(0L);
  }

  @Test
  void reads_only_the_letters_there_were_when_it_started() throws Exception {
    AtomicLong read = new AtomicLong();

    // a replay dead-lettered again adds letters behind the reader: it must not chase them
    long handed =
        DeadLetterReader.forEach(
            () -> letter(read.incrementAndGet(), Long.MAX_VALUE), 50, letter -> true, stored -> {});

    assertThat(handed).isEqualTo(50);
    assertThat(read.get()).isEqualTo(50);
  }

  @Test
  void hands_on_only_the_chosen_letters_and_skips_what_is_not_a_letter() throws Exception {
    AtomicLong read = new AtomicLong();
    List<Long> handed = new ArrayList<>();

    long count =
        DeadLetterReader.forEach(
            () -> {
              long sequence = read.incrementAndGet();
              return sequence == 3
                  ? new DeadLetterReader.Raw(
                      "p.dlq.result.app", 3, "not json".getBytes(StandardCharsets.UTF_8))
                  : letter(sequence, 6);
            },
            6,
            letter -> letter.streamSequence() % 2 == 0,
            stored -> handed.add(stored.sequence()));

    assertThat(count).isEqualTo(3);
    assertThat(handed).containsExactly(2L, 4L, 6L);
  }

  /** The dead letter at {@code sequence} of {@code total}, its original at the same sequence. */
  private static DeadLetterReader.Raw letter(long sequence, long total) {
    DeadLetter letter =
        new DeadLetter(
            FailureClass.RETRY_EXHAUSTED,
            new EventIdentity("inv-" + sequence, "app", null, null),
            "p.result.app",
            "S",
            "C",
            sequence,
            sequence,
            5,
            "store unavailable",
            "{\"version\":\"v1\"}".getBytes(StandardCharsets.UTF_8),
            Instant.parse("2026-12-04T19:00:00Z"),
            false);
    return new DeadLetterReader.Raw("p.dlq.result.app", sequence, letter.toJson());
  }
}
