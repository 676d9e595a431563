package dev.resultstore.runner;

import dev.resultstore.config.GoDuration;
import dev.resultstore.config.ResultStoreConfig;
import dev.resultstore.core.PageRequest;
import dev.resultstore.core.ResultPage;
import dev.resultstore.core.ResultSummary;
import dev.resultstore.core.TimeWindow;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code query}: lists result summaries newest first. */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = {
      "Lists stored results newest first, without their bodies: of one serverless application"
          + " with --request-id, else of all of them.",
      "The time window is --since (default 1h) or --from/--to (RFC 3339, --to defaults to now)."
    })
final class QueryCommand implements Callable<Integer> {
  static final int MAX_LIMIT = 100_000;

  @ParentCommand Main main;
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;

  @Option(names = "--request-id", paramLabel = "ID", description = "The serverless request id.")
  String requestId;

  @Option(
      names = "--since",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "A Go duration such as 15m, 1h or 24h: results completed since then.")
  Duration since;

  @Option(
      names = "--from",
      paramLabel = "TIME",
      converter = InstantConverter.class,
      description = "Start of the window (inclusive), e.g. 2026-07-13T09:00:00Z.")
  Instant from;

  @Option(
      names = "--to",
      paramLabel = "TIME",
      converter = InstantConverter.class,
      description = "End of the window (exclusive). Default: now.")
  Instant to;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "50",
      description =
          "At most this many results (1 to " + MAX_LIMIT + "). Default: ${DEFAULT-VALUE}.")
  int limit;

  @Mixin OutputOption output;

  @Option(names = "--json", hidden = true, description = "The same as --output json.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    TimeWindow window = window(Clock.systemUTC());
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '--limit': " + limit + " is not from 1 to " + MAX_LIMIT);
    }
    if (requestId != null && requestId.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--request-id must not be blank");
    }
    LogSetup.quiet();
    ResultStoreConfig loaded = config.load(main.environment());
    List<ResultSummary> found = new ArrayList<>();
    try (StoreHandle store = StoreHandle.open(loaded)) {
      String cursor = null;
      do {
        PageRequest page =
            new PageRequest(Math.min(PageRequest.MAX_SIZE, limit - found.size()), cursor);
        ResultPage result =
            store.await(
                requestId == null
                    ? store.reader().queryByTime(window, page)
                    : store.reader().queryByRequest(requestId, window, page));
        found.addAll(result.items());
        cursor = result.nextCursor();
      } while (cursor != null && found.size() < limit);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json || output.json()) {
      found.forEach(summary -> out.println(SummaryFormat.jsonLine(summary)));
    } else if (found.isEmpty()) {
      spec.commandLine()
          .getErr()
          .println("no results completed between " + window.from() + " and " + window.to());
    } else {
      SummaryFormat.table(found).forEach(out::println);
    }
    out.flush();
    return Main.OK;
  }

  private TimeWindow window(Clock clock) {
    if (since != null && (from != null || to != null)) {
      throw new ParameterException(
          spec.commandLine(), "--since cannot be combined with --from or --to");
    }
    if (from == null && to != null) {
      throw new ParameterException(spec.commandLine(), "--to needs --from");
    }
    if (from != null) {
      Instant end = to == null ? clock.instant() : to;
      if (!from.isBefore(end)) {
        throw new ParameterException(
            spec.commandLine(), "--from must be before --to (or now), but was " + from);
      }
      return new TimeWindow(from, end);
    }
    Duration length = since == null ? Duration.ofHours(1) : since;
    if (length.isZero() || length.isNegative()) {
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '--since': must be positive");
    }
    return TimeWindow.last(length, clock);
  }

  /** Reads a Go duration. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return GoDuration.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a Go duration such as 15m, 1h or 24h");
      }
    }
  }

  /** Reads an RFC 3339 time. */
  static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not an RFC 3339 time such as 2026-07-13T09:00:00Z");
      }
    }
  }
}
