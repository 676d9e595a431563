package dev.resultstore.runner;

import dev.resultstore.config.ConfigException;
import dev.resultstore.config.ResultStoreConfig;
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
   * Reads the configuration and warns of the keys and variables that name nothing.
   *
   * @throws ConfigException when it is unusable
   */
  ResultStoreConfig load(Map<String, String> environment) {
    return load(environment, false);
  }

  /**
   * Like {@link #load(Map)}; with {@code applyLogging}, applies its {@code log} keys before
   * anything is logged about it.
   */
  ResultStoreConfig load(Map<String, String> environment, boolean applyLogging) {
    ResultStoreConfig config = ResultStoreConfig.read(file, environment);
    if (applyLogging) {
      LogSetup.apply(config.log());
    }
    config.logUnknown();
    return config;
  }

  /** Reads the configuration without a warning, for {@code check}, which reports them itself. */
  ResultStoreConfig loadQuietly(Map<String, String> environment) {
    return ResultStoreConfig.read(file, environment);
  }
}
