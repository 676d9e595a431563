package dev.resultstore.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resultstore.core.InvocationMode;
import dev.resultstore.core.InvocationState;
import dev.resultstore.core.ResultSummary;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryFormatTest {
  private static final ResultSummary FAILED =
      new ResultSummary(
          "inv-1",
          "llm-chat",
          InvocationMode.ASYNC,
          InvocationState.FAILED,
          null,
          500,
          "unit-7",
          "runtime-workers",
          0,
          "CUDA out of memory",
          Instant.parse("2026-07-13T14:02:00Z"),
          Instant.parse("2026-07-13T14:02:00Z"));
  private static final ResultSummary SUCCEEDED =
      new ResultSummary(
          "inv-22",
          "sd-webui",
          InvocationMode.SYNC,
          InvocationState.SUCCEEDED,
          null,
          null,
          null,
          null,
          1234,
          null,
          Instant.parse("2026-07-13T09:41:15Z"),
          Instant.parse("2026-07-13T09:41:16.123Z"));

  @Test
  void json_lines_use_the_event_field_names() {
    assertThat(SummaryFormat.jsonLine(FAILED))
        .isEqualTo(
            "{\"invocationID\":\"inv-1\",\"serverlessRequestID\":\"llm-chat\",\"mode\":\"async\","
                + "\"state\":\"failed\",\"workerName\":\"unit-7\","
                + "\"workerNamespace\":\"runtime-workers\",\"statusCode\":500,\"bodyBytes\":0,"
                + "\"error\":\"CUDA out of memory\",\"startedAt\":\"2026-07-13T14:02:00Z\","
                + "\"completedAt\":\"2026-07-13T14:02:00Z\"}");
  }

  @Test
  void timestamps_are_printed_as_go_prints_them_like_get_does() {
    ResultSummary tenths =
        new ResultSummary(
            "inv-3",
            "sd-webui",
            InvocationMode.SYNC,
            InvocationState.SUCCEEDED,
            null,
            null,
            null,
            null,
            1,
            null,
            Instant.parse("2026-07-13T09:41:15.100Z"),
            Instant.parse("2026-07-13T09:41:16.120000Z"));

    assertThat(SummaryFormat.jsonLine(tenths))
        .contains("\"startedAt\":\"2026-07-13T09:41:15.1Z\"")
        .contains("\"completedAt\":\"2026-07-13T09:41:16.12Z\"");
    assertThat(SummaryFormat.table(List.of(tenths)).get(1)).startsWith("2026-07-13T09:41:16.12Z ");
  }

  @Test
  void the_table_aligns_its_columns() {
    List<String> lines = SummaryFormat.table(List.of(FAILED, SUCCEEDED));

    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("COMPLETED AT").contains("INVOCATION ID");
    int column = lines.get(0).indexOf("INVOCATION ID");
    assertThat(lines.get(1).indexOf("inv-1")).isEqualTo(column);
    assertThat(lines.get(2).indexOf("inv-22")).isEqualTo(column);
    assertThat(lines.get(2)).contains("succeeded").contains("1234");
  }
}
