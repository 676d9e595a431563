package dev.resultstore.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resultstore.core.ResultCodec;
import dev.resultstore.core.ResultSummary;
import dev.resultstore.core.testing.TestResults;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
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

  @Test
  void the_id_is_read_alone_and_is_null_when_missing_or_not_json() {
    ResultSummary summary = ResultSummary.of(TestResults.result("app", Instant.now()).build());

    assertThat(StoredNotice.invocationId(StoredNotice.toJson(summary, Instant.now())))
        .isEqualTo(summary.invocationId());
    assertThat(
            StoredNotice.invocationId(
                "{\"other\":{\"invocationID\":\"x\"},\"invocationID\":\"inv-2\"}"
                    .getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("inv-2");
    assertThat(StoredNotice.invocationId("{\"invocationID\":7}".getBytes(StandardCharsets.UTF_8)))
        .isNull();
    assertThat(StoredNotice.invocationId("{\"state\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
        .isNull();
    assertThat(StoredNotice.invocationId("[1]".getBytes(StandardCharsets.UTF_8))).isNull();
    assertThat(StoredNotice.invocationId("{\"invocationID\"".getBytes(StandardCharsets.UTF_8)))
        .isNull();
    assertThat(StoredNotice.invocationId(new byte[0])).isNull();
  }

  @Test
  void instants_read_back_as_the_codec_writes_them_at_every_precision() {
    java.util.Random random = new java.util.Random(14);
    for (int i = 0; i < 20_000; i++) {
      long seconds =
          random.nextLong(
              Instant.parse("0000-01-01T00:00:00Z").getEpochSecond(),
              Instant.parse("9999-12-31T23:59:59Z").getEpochSecond());
      Instant instant = Instant.ofEpochSecond(seconds, random.nextInt(1_000_000_000));

      assertThat(StoredNotice.instant(ResultCodec.formatTimestamp(instant)))
          .as(instant.toString())
          .isEqualTo(instant);
    }
    for (String text :
        List.of(
            "2026-07-13T09:41:16.1Z",
            "2026-07-13T09:41:16.500Z",
            "2024-02-29T23:59:59.999999999Z",
            "1970-01-01T00:00:00Z",
            "2026-07-13T09:41:16+02:00")) {
      assertThat(StoredNotice.instant(text)).as(text).isEqualTo(Instant.parse(text));
    }
    for (String text :
        Arrays.asList(
            "2026-02-30T09:41:16Z",
            "2026-07-13T24:41:16Z",
            "2026-07-13 09:41:16Z",
            "2026-07-13T09:4x:16Z",
            "2026-07-13T09:41:16.Z",
            "yesterday",
            null)) {
      assertThatThrownBy(() -> StoredNotice.instant(text))
          .as(String.valueOf(text))
          .isInstanceOf(DateTimeException.class);
    }
  }

  @Test
  void the_warm_up_decodes_its_sample_to_itself() {
    assertThat(StoredNotice.warmUp()).isTrue();
  }
}
