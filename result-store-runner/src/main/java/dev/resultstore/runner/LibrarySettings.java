package dev.resultstore.runner;

import dev.resultstore.cql.CqlStoreConfig;
import dev.resultstore.nats.NatsSourceConfig;
import dev.resultstore.s3.S3BodyStoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The source's and the store's settings of a runner configuration, loaded as the runner's commands
 * load {@code --config}: for the tools shipped beside the runner (the benchmark).
 */
public final class LibrarySettings {
  private final NatsSourceConfig nats;
  private final CqlStoreConfig cql;
  private final S3BodyStoreConfig objectStore;

  private LibrarySettings(NatsSourceConfig nats, CqlStoreConfig cql, S3BodyStoreConfig objects) {
    this.nats = nats;
    this.cql = cql;
    this.objectStore = objects;
  }

  /**
   * Reads {@code configFile} (when {@code null}: the file {@code RESULT_STORE_CONFIG} names, else
   * the defaults) with the overrides of {@code environment}.
   *
   * @throws RuntimeException when the configuration is unusable; its message names the key, the
   *     value and what is expected
   */
  public static LibrarySettings load(Path configFile, Map<String, String> environment) {
    ConfigOption option = new ConfigOption();
    option.file = configFile;
    RunnerConfig config = option.load(environment);
    return new LibrarySettings(config.nats(), config.cql(), config.objectStore());
  }

  /** The NATS source's settings. */
  public NatsSourceConfig nats() {
    return nats;
  }

  /** The CQL store's settings. */
  public CqlStoreConfig cql() {
    return cql;
  }

  /**
   * The value of every key of {@code nats} and {@code cql} that has one to show, by key in the
   * order of the configuration reference, as text (durations in Go's syntax, lists joined by
   * commas); credentials and TLS blocks are left out. For reports that state the settings they ran
   * with: a key added to the configuration appears here without a change to the caller.
   */
  public static Map<String, String> describe(NatsSourceConfig nats, CqlStoreConfig cql) {
    Map<String, String> values = new LinkedHashMap<>();
    add(values, ConfigKeys.NATS, nats);
    add(values, ConfigKeys.CQL, cql);
    return values;
  }

  private static <C> void add(
      Map<String, String> values, List<? extends ConfigBinding<?, C>> bindings, C config) {
    for (ConfigBinding<?, C> binding : bindings) {
      if (binding.secret() || !binding.statesDefault()) {
        continue;
      }
      Object value = binding.valueIn(config);
      if (value != null) {
        values.put(binding.key(), text(value));
      }
    }
  }

  private static String text(Object value) {
    if (value instanceof Duration duration) {
      return GoDuration.format(duration);
    }
    if (value instanceof Collection<?> items) {
      return items.stream().map(LibrarySettings::text).collect(Collectors.joining(","));
    }
    return String.valueOf(value);
  }

  /** The object store's settings; empty when bodies stay in CQL ({@code objectStore.enabled}). */
  public Optional<S3BodyStoreConfig> objectStore() {
    return Optional.ofNullable(objectStore);
  }
}
