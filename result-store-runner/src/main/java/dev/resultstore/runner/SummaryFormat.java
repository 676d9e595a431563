package dev.resultstore.runner;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.resultstore.core.ResultCodec;
import dev.resultstore.core.ResultSummary;
import dev.resultstore.core.internal.SummaryJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes result summaries for {@code query}: an aligned table for a terminal, or one JSON object
 * per line with the v1 event's field names (plus {@code bodyBytes}).
 */
final class SummaryFormat {
  private static final JsonFactory JSON = new JsonFactory();
  private static final List<String> HEADERS =
      List.of(
          "COMPLETED AT",
          "INVOCATION ID",
          "REQUEST ID",
          "MODE",
          "STATE",
          "STATUS",
          "BODY",
          "WORKER",
          "ERROR");
  private static final int MAX_ERROR = 60;

  private SummaryFormat() {}

  /** Writes one JSON text with {@code body}, for every command's JSON output. */
  @FunctionalInterface
  interface JsonBody {
    void write(JsonGenerator json) throws IOException;
  }

  /** The JSON text {@code body} writes, without a line break. */
  static String json(JsonBody body) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      body.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** One JSON object, without a line break. */
  static String jsonLine(ResultSummary summary) {
    return json(
        json -> {
          json.writeStartObject();
          SummaryJson.writeFields(json, summary);
          json.writeEndObject();
        });
  }

  /** The table's lines: a header, then one line per summary, in the given order. */
  static List<String> table(List<ResultSummary> summaries) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADERS);
    for (ResultSummary summary : summaries) {
      rows.add(
          List.of(
              ResultCodec.formatTimestamp(summary.completedAt()),
              summary.invocationId(),
              summary.serverlessRequestId(),
              summary.mode().wireValue(),
              summary.state().wireValue(),
              summary.statusCode() == null ? "-" : summary.statusCode().toString(),
              Long.toString(summary.bodyBytes()),
              summary.workerName() == null ? "-" : summary.workerName(),
              summary.error() == null ? "" : shorten(summary.error())));
    }
    return align(rows);
  }

  /** Pads every column to its widest cell; the last column is not padded. */
  static List<String> align(List<List<String>> rows) {
    int columns = rows.get(0).size();
    int[] widths = new int[columns];
    for (List<String> row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        String cell = row.get(i);
        line.append(cell);
        if (i < columns - 1) {
          line.append(" ".repeat(widths[i] - cell.length() + 2));
        }
      }
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }

  private static String shorten(String text) {
    String line = text.replaceAll("[\\r\\n\\t]+", " ");
    return line.length() <= MAX_ERROR ? line : line.substring(0, MAX_ERROR - 1) + "…";
  }
}
