package dev.resultstore.cql;

import dev.resultstore.core.BodyPointer;
import dev.resultstore.core.InvocationResult;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The values one table's {@code INSERT} takes from a result, in the table's column order, then the
 * write timestamp and the TTL. Which value goes into which column is resolved once, when the store
 * starts (a column without a value fails then, not at the first write); binding a row is then one
 * pass over an array.
 */
final class RowBinder {
  /**
   * What the values of one result's rows are computed from; {@code object} is where the object
   * store put the body, {@code null} when the body is not there.
   */
  record Source(InvocationResult result, BodyLayout body, BodyPointer object) {}

  private final List<Function<Source, Object>> columns;

  /**
   * @param values the value of every column of {@code table} by column name (more is allowed)
   * @throws IllegalStateException when a column of {@code table} has no value
   */
  RowBinder(Schema.Table table, Map<String, Function<Source, Object>> values) {
    this.columns =
        table.columns().stream()
            .map(
                column -> {
                  Function<Source, Object> value = values.get(column.name());
                  if (value == null) {
                    throw new IllegalStateException(
                        "no value for column " + column.name() + " of " + table.name());
                  }
                  return value;
                })
            .toList();
  }

  /**
   * The bound values of {@code source}'s row: the columns, then {@code timestamp} and {@code ttl}.
   */
  Object[] bind(Source source, int ttl, long timestamp) {
    Object[] bound = new Object[columns.size() + 2];
    for (int i = 0; i < columns.size(); i++) {
      bound[i] = columns.get(i).apply(source);
    }
    bound[columns.size()] = timestamp;
    bound[columns.size() + 1] = ttl;
    return bound;
  }
}
