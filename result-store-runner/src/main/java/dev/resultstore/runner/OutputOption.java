package dev.resultstore.runner;

import picocli.CommandLine.Option;

/** The {@code --output} option of the listing commands: an aligned table or JSON lines. */
final class OutputOption {

  /** How a listing is printed. */
  enum Format {
    /** Aligned columns with a header, for a terminal. */
    TABLE,
    /** One JSON object per line, for scripts ({@code jq}). */
    JSON
  }

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table, or json for one JSON object per line. Default: ${DEFAULT-VALUE}.")
  Format format;

  /** Whether JSON lines were asked for. */
  boolean json() {
    return format == Format.JSON;
  }
}
