package dev.resultstore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LatencyObserverTest {

  @Test
  void stored_is_committed_at_minus_completed_at_of_the_notification() {
    byte[] notification =
        ("{\"invocationID\":\"inv-1\",\"serverlessRequestID\":\"app\",\"mode\":\"sync\","
                + "\"state\":\"succeeded\",\"statusCode\":200,\"bodyBytes\":12,"
                + "\"startedAt\":\"2026-12-04T10:00:00Z\","
                + "\"completedAt\":\"2026-12-04T10:00:00.000250Z\","
                + "\"committedAt\":\"2026-12-04T10:00:00.012750Z\"}")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(LatencyObserver.storedMicros(notification)).isEqualTo(12_500);
  }

  @Test
  void a_notification_without_both_instants_cannot_be_timed() {
    byte[] idOnly = "{\"invocationID\":\"inv-1\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(LatencyObserver.storedMicros(idOnly)).isEqualTo(Long.MIN_VALUE);
    assertThat(LatencyObserver.storedMicros("not json".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void the_stream_sequence_is_read_from_an_ack_subject() {
    assertThat(
            LatencyObserver.streamSequence(
                "$JS.ACK.BENCH_0BADCAFE_LATENCY50.bench-0badcafe-latency50.1.4711.4711"
                    + ".1764842400000000000.12"))
        .isEqualTo(4711);
    assertThat(LatencyObserver.streamSequence("bench.x.stored.app")).isEqualTo(-1);
  }

  @Test
  void only_an_ack_counts_as_acked() {
    assertThat(LatencyObserver.isAck("+ACK".getBytes(StandardCharsets.US_ASCII))).isTrue();
    assertThat(LatencyObserver.isAck("-NAK".getBytes(StandardCharsets.US_ASCII))).isFalse();
    assertThat(LatencyObserver.isAck("+WPI".getBytes(StandardCharsets.US_ASCII))).isFalse();
    assertThat(LatencyObserver.isAck("+ACKED".getBytes(StandardCharsets.US_ASCII))).isFalse();
    assertThat(LatencyObserver.isAck(new byte[0])).isFalse();
  }

  @Test
  void epoch_micros_keep_the_microseconds_of_an_instant() {
    assertThat(LatencyObserver.epochMicros(Instant.parse("1970-01-01T00:00:01.000002999Z")))
        .isEqualTo(1_000_002);
  }
}
