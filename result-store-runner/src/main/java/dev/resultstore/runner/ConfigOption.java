package dev.resultstore.runner;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option every command shares. */
final class ConfigOption {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "The YAML configuration (the Go process's result-store.yaml is accepted as is)."
              + " Default: the file named by RESULT_STORE_CONFIG, else built-in defaults."
              + " RESULT_STORE_<KEY_PATH> variables override its keys.")
  Path file;

  /**
   * Reads the configuration.
   *
   * @throws ConfigException when it is unusable
   */
  RunnerConfig load(Map<String, String> environment) {
    return load(environment, false);
  }

  /**
   * Reads the configuration; with {@code applyLogging}, applies its {@code log} keys before
   * anything is logged about it.
   *
   * @throws ConfigException when it is unusable
   */
  RunnerConfig load(Map<String, String> environment, boolean applyLogging) {
    Path path = file;
    if (path == null) {
      String named = environment.get(ConfigLoader.CONFIG_ENV);
      if (named != null && !named.isBlank()) {
        path = Path.of(named.trim());
      }
    }
    ConfigSource source =
        path == null
            ? ConfigSource.parse("", "(defaults)", environment)
            : ConfigSource.load(path, environment);
    RunnerConfig config = ConfigLoader.read(source);
    if (applyLogging) {
      LogSetup.apply(config.log());
    }
    ConfigLoader.reportUnread(source);
    return config;
  }
}
