package dev.resultstore.runner;

import dev.resultstore.cql.CqlStoreConfig;
import dev.resultstore.nats.NatsSourceConfig;
import dev.resultstore.s3.S3BodyStoreConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

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

  /** The object store's settings; empty when bodies stay in CQL ({@code objectStore.enabled}). */
  public Optional<S3BodyStoreConfig> objectStore() {
    return Optional.ofNullable(objectStore);
  }
}
