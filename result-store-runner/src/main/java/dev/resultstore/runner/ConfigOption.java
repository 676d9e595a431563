package dev.resultstore.runner;

import java.nio.file.Path;
import java.util.List;
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
    ConfigSource source = source(environment);
    RunnerConfig config = ConfigLoader.read(source);
    if (applyLogging) {
      LogSetup.apply(config.log());
    }
    ConfigLoader.reportUnread(source);
    return config;
  }

  /**
   * Reads the configuration for {@code check}: the values, the keys nothing reads, and where it
   * came from.
   *
   * @throws ConfigException when it is unusable
   */
  Checked loadChecked(Map<String, String> environment) {
    ConfigSource source = source(environment);
    RunnerConfig config = ConfigLoader.read(source);
    return new Checked(
        config,
        ConfigLoader.unknownKeys(source),
        ConfigLoader.unknownVariables(source),
        origin(environment));
  }

  /**
   * A configuration as {@code check} sees it: the keys and {@code RESULT_STORE_} variables that
   * name nothing, and where it came from (the file, or "(defaults)").
   */
  record Checked(
      RunnerConfig config,
      List<String> unknownKeys,
      List<String> unknownVariables,
      String origin) {}

  private ConfigSource source(Map<String, String> environment) {
    Path path = path(environment);
    return path == null
        ? ConfigSource.parse("", "(defaults)", environment)
        : ConfigSource.load(path, environment);
  }

  private String origin(Map<String, String> environment) {
    Path path = path(environment);
    return path == null ? "(defaults)" : path.toString();
  }

  private Path path(Map<String, String> environment) {
    if (file != null) {
      return file;
    }
    String named = environment.get(ConfigLoader.CONFIG_ENV);
    return named == null || named.isBlank() ? null : Path.of(named.trim());
  }
}
