package dev.resultstore.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version and the commit the runner was built from, as the build wrote them into {@code
 * build-info.properties}; {@code unknown} for what the build could not tell (no git checkout).
 *
 * @param version the project version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param commit the abbreviated commit id, with {@code -dirty} when the tree had changes
 */
record BuildInfo(String version, String commit) {
  static final String UNKNOWN = "unknown";
  static final String RESOURCE = "build-info.properties";

  /** The running jar's. */
  static BuildInfo current() {
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return new BuildInfo(UNKNOWN, UNKNOWN);
      }
      Properties properties = new Properties();
      properties.load(in);
      return new BuildInfo(
          known(properties.getProperty("version")), known(properties.getProperty("commit")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code value}, or {@link #UNKNOWN} when the build left it empty or unfiltered. */
  static String known(String value) {
    return value == null || value.isBlank() || value.contains("${") ? UNKNOWN : value.trim();
  }
}
