package dev.resultstore.bench;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.resultstore.cql.CqlStoreConfig;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The lookup tables as the store wrote them before its lookup rows were slimmed: each lookup row
 * carried the result's summary (ten columns; eleven in the time lookup, which also held the request
 * id). The wide ceiling step writes its rows into these, one statement per row, as the store did
 * then: the "three-statement ceiling" that the cost of a result is measured against. {@link
 * CeilingRows} fills every column it finds in a table, so widening the tables widens its rows.
 */
final class WideLookupColumns {
  /** The summary columns a lookup row carried, with their types. */
  static final List<String> SUMMARY =
      List.of(
          "started_at timestamp",
          "started_at_ns bigint",
          "mode text",
          "state text",
          "failure_class text",
          "status_code int",
          "worker_name text",
          "worker_namespace text",
          "body_bytes bigint",
          "error text");

  private WideLookupColumns() {}

  /** Adds the summary columns to the lookup tables of {@code config}, which must exist. */
  static void add(RawCql raw, CqlStoreConfig config) {
    alter(raw, config, config.requestLookupTable(), SUMMARY);
    alter(
        raw,
        config,
        config.timeLookupTable(),
        Stream.concat(Stream.of("serverless_request_id text"), SUMMARY.stream()).toList());
  }

  private static void alter(RawCql raw, CqlStoreConfig config, String table, List<String> columns) {
    String cql =
        "ALTER TABLE "
            + RawCql.table(config.keyspace(), table)
            + " ADD ("
            + String.join(", ", columns)
            + ")";
    raw.session().execute(SimpleStatement.newInstance(cql).setTimeout(Duration.ofSeconds(60)));
  }
}
