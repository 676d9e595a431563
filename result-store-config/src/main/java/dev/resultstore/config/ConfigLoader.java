package dev.resultstore.config;

import dev.resultstore.core.InvalidSettingException;
import dev.resultstore.cql.CqlStoreConfig;
import dev.resultstore.nats.NatsSourceConfig;
import dev.resultstore.s3.S3BodyStoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a {@link ResultStoreConfig} from the Go process's {@code result-store.yaml} (same keys,
 * same meaning) and the environment: for each key of {@link ConfigKeys} that is set, calls its
 * builder setter; the builders own every default and rule, and their refusals are reported as one
 * configuration error naming the key, the value and what is expected.
 */
final class ConfigLoader {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

  private static final Pattern ISO_DURATION = Pattern.compile("-?PT[0-9.HMS]+");

  private ConfigLoader() {}

  /**
   * Reads {@code file}, with the values of {@code environment} taking precedence.
   *
   * @throws ConfigException naming the key, the value and what is expected
   */
  static ResultStoreConfig load(Path file, Map<String, String> environment) {
    ConfigSource source = ConfigSource.load(file, environment);
    ResultStoreConfig config = read(source);
    logUnknown(unknownKeys(source), unknownVariables(source));
    return config;
  }

  /** Reads the values of {@code source}, logging nothing. */
  static ResultStoreConfig read(ConfigSource source) {
    NatsSourceConfig.Builder nats = NatsSourceConfig.builder();
    CqlStoreConfig.Builder cql = CqlStoreConfig.builder();
    S3BodyStoreConfig.Builder objectStore = S3BodyStoreConfig.builder();
    ResultStoreConfig.Builder runner = ResultStoreConfig.builder();
    apply(ConfigKeys.NATS, source, nats);
    apply(ConfigKeys.CQL, source, cql);
    apply(ConfigKeys.OBJECT_STORE, source, objectStore);
    apply(ConfigKeys.RUNNER, source, runner);
    if (runner.objectStoreEnabled()) {
      runner.objectStore(build(ConfigKeys.OBJECT_STORE, source, objectStore::build));
    }
    return build(
        ConfigKeys.RUNNER,
        source,
        () ->
            runner
                .nats(build(ConfigKeys.NATS, source, nats::build))
                .cql(build(ConfigKeys.CQL, source, cql::build))
                .build());
  }

  /** Logs a warning for each of {@code keys} and {@code variables}. */
  static void logUnknown(List<String> keys, List<String> variables) {
    for (String key : keys) {
      LOG.warn("Ignoring unknown configuration key {}", key);
    }
    for (String variable : variables) {
      LOG.warn(
          "Ignoring environment variable {}: no configuration key is named so (an override is"
              + " {} followed by the key path in upper snake case, such as"
              + " RESULT_STORE_SERVERLESS_URL for serverless.url)",
          variable,
          ConfigSource.ENV_PREFIX);
    }
  }

  /** The keys of {@code source} that {@link #read} did not use and that no Go process uses. */
  static List<String> unknownKeys(ConfigSource source) {
    return source.unreadKeys().stream().filter(key -> !isGoOnly(key)).toList();
  }

  /** The variables with the runner's prefix that name no key. */
  static List<String> unknownVariables(ConfigSource source) {
    return List.copyOf(source.unknownVariables(Set.of(ResultStoreConfig.CONFIG_ENV)));
  }

  private static boolean isGoOnly(String key) {
    return ConfigKeys.IGNORED_GO_KEYS.stream()
        .anyMatch(ignored -> key.equals(ignored) || key.startsWith(ignored + "."));
  }

  private static <B> void apply(
      List<? extends ConfigBinding<B, ?>> bindings, ConfigSource source, B builder) {
    for (ConfigBinding<B, ?> binding : bindings) {
      try {
        binding.apply().accept(source, builder);
      } catch (InvalidSettingException e) {
        throw refused(binding, source, e);
      } catch (IllegalArgumentException e) {
        throw ConfigException.invalid(binding.key(), null, e.getMessage());
      }
    }
  }

  private static <C> C build(
      List<? extends ConfigBinding<?, ?>> bindings, ConfigSource source, Supplier<C> build) {
    try {
      return build.get();
    } catch (InvalidSettingException e) {
      for (ConfigBinding<?, ?> binding : bindings) {
        if (binding.setting().equals(e.setting())
            || e.setting().startsWith(binding.setting() + ".")) {
          throw refused(binding, source, e);
        }
      }
      throw new ConfigException("invalid configuration: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("invalid configuration: " + e.getMessage(), e);
    }
  }

  /**
   * {@code text} with the builders' ISO-8601 durations ({@code PT1H}) in Go's syntax ({@code
   * 1h0m0s}).
   */
  private static String goDurations(String text) {
    return ISO_DURATION
        .matcher(text)
        .replaceAll(match -> GoDuration.format(Duration.parse(match.group())));
  }

  /** A builder's refusal reported under the file's key, with the value as the file wrote it. */
  private static ConfigException refused(
      ConfigBinding<?, ?> binding, ConfigSource source, InvalidSettingException e) {
    String key =
        e.setting().startsWith(binding.setting() + ".")
            ? binding.key() + e.setting().substring(binding.setting().length())
            : binding.key();
    Optional<ConfigSource.Value> value =
        binding.secret() || e.value() == null ? Optional.empty() : source.value(key);
    ConfigException error =
        ConfigException.invalid(
            key + value.map(ConfigSource.Value::where).orElse(""),
            value.map(ConfigSource.Value::shown).orElse(null),
            goDurations(e.expected()));
    error.initCause(e);
    return error;
  }
}
