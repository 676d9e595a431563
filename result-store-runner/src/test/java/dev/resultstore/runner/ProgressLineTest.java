package dev.resultstore.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress line on a fake clock. */
class ProgressLineTest {
  private final StringWriter text = new StringWriter();
  private final AtomicLong nanos = new AtomicLong(1_000);

  @Test
  void in_a_log_it_writes_a_plain_line_at_most_every_five_seconds_and_the_totals_at_the_end() {
    ProgressLine progress = progress(false, 1000);

    for (int i = 0; i < 400; i++) {
      progress.advance(1);
      nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(25));
    }
    progress.finish();

    assertThat(text.toString()).doesNotContain("\r").doesNotContain("\u001b");
    assertThat(text.toString().lines())
        .hasSize(2)
        .first()
        .asString()
        .startsWith("published: 201/1000 (20%), ");
    assertThat(text.toString().lines().reduce((a, b) -> b).orElseThrow())
        .startsWith("published: 400/1000 (40%), 40/s, 10.0s");
  }

  @Test
  void on_a_terminal_it_rewrites_one_line_in_place_and_ends_it() {
    ProgressLine progress = progress(true, 0);

    for (int i = 0; i < 10; i++) {
      progress.advance(5);
      nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
    }
    progress.finish();

    String written = text.toString();
    assertThat(written.chars().filter(c -> c == '\n')).hasSize(1);
    assertThat(written).startsWith("\rpublished: ").endsWith("\n").contains("\u001b[K");
    assertThat(written.split("\r")).hasSizeGreaterThan(4);
    assertThat(written).contains("\rpublished: 50, 50/s, 1.0s");
  }

  private ProgressLine progress(boolean terminal, long total) {
    return new ProgressLine(new PrintWriter(text), "published", total, terminal, nanos::get);
  }
}
