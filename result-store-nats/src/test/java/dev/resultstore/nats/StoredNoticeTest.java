package dev.resultstore.nats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resultstore.core.ResultSummary;
import dev.resultstore.core.testing.TestResults;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StoredNoticeTest {

  @Test
  void a_notice_carries_the_summary_to_the_nanosecond_and_the_commit_time() {
    Instant completedAt = Instant.parse("2026-07-13T09:41:16.123456789Z");
    ResultSummary full = ResultSummary.of(TestResults.result("app", completedAt).build());
    ResultSummary minimal =
        ResultSummary.of(
            TestResults.minimalResult("app", completedAt).error("a \"quoted\"\nline").build());
    Instant committedAt = Instant.parse("2026-07-13T09:41:17.5Z");

    byte[] json = StoredNotice.toJson(full, committedAt);

    assertThat(StoredNotice.summary(StoredNotice.fields(json))).isEqualTo(full);
    assertThat(StoredNotice.fields(json)).containsEntry("committedAt", "2026-07-13T09:41:17.5Z");
    assertThat(StoredNotice.summary(StoredNotice.fields(StoredNotice.toJson(minimal, committedAt))))
        .isEqualTo(minimal);
  }

  @Test
  void a_notice_with_the_id_only_or_no_json_has_no_summary() {
    byte[] idOnly = "{\"invocationID\":\"inv-1\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(StoredNotice.summary(StoredNotice.fields(idOnly))).isNull();
    assertThat(StoredNotice.fields(idOnly)).containsEntry("invocationID", "inv-1");
    assertThat(StoredNotice.fields("nonsense".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(StoredNotice.summary(StoredNotice.fields(new byte[0]))).isNull();
  }

  @Test
  void the_waiter_reads_the_commit_of_a_notice_and_nothing_from_one_without_it() {
    ResultSummary summary = ResultSummary.of(TestResults.result("app", Instant.now()).build());
    Instant committedAt = Instant.parse("2026-12-04T19:00:00.123456Z");

    assertThat(NatsResultWaiter.commitOf(StoredNotice.toJson(summary, committedAt)))
        .contains(new NatsResultWaiter.Commit(summary.invocationId(), committedAt));
    assertThat(
            NatsResultWaiter.commitOf(
                "{\"invocationID\":\"inv-1\"}".getBytes(StandardCharsets.UTF_8)))
        .isEmpty();
    assertThat(NatsResultWaiter.commitOf("not json".getBytes(StandardCharsets.UTF_8))).isEmpty();
  }
}
