package dev.resultstore.config;

import dev.resultstore.core.TlsSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One key of the configuration file and the builder setter it feeds: the setter is called only when
 * the key is set, so every default stays the builder's. {@code B} is the builder, {@code C} what it
 * builds.
 *
 * @param key the key path in the file, e.g. {@code retry.maxDeliver}
 * @param setting the builder's name of the setting, to report its refusals under {@code key}
 * @param secret whether the value must never be shown
 * @param apply reads the key from a source and calls the setter when it is set
 * @param current the setting's value in a built configuration, when it is not read by the built
 *     configuration's accessor named as the setting: for the documentation's defaults
 * @param statesDefault whether the setting has one default value to show (not a secret, a TLS
 *     block, a mapping, or a default taken from another key)
 */
record ConfigBinding<B, C>(
    String key,
    String setting,
    boolean secret,
    BiConsumer<ConfigSource, B> apply,
    Function<C, ?> current,
    boolean statesDefault) {

  /**
   * A key read by {@code reader} and handed to {@code setter} when set; the builder names the
   * setting as the key's last part, and the built configuration shows its default under that name.
   */
  static <B, C, T> ConfigBinding<B, C> of(
      String key, ConfigValues.Reader<T> reader, BiConsumer<B, T> setter) {
    return of(key, key.substring(key.lastIndexOf('.') + 1), reader, setter);
  }

  /**
   * Like {@link #of(String, ConfigValues.Reader, BiConsumer)}, the builder naming it {@code
   * setting}.
   */
  static <B, C, T> ConfigBinding<B, C> of(
      String key, String setting, ConfigValues.Reader<T> reader, BiConsumer<B, T> setter) {
    return new ConfigBinding<>(key, setting, false, reading(key, reader, setter), null, true);
  }

  /** A key whose default the built configuration shows through {@code current}. */
  static <B, C, T> ConfigBinding<B, C> of(
      String key,
      String setting,
      ConfigValues.Reader<T> reader,
      BiConsumer<B, T> setter,
      Function<C, ?> current) {
    return new ConfigBinding<>(key, setting, false, reading(key, reader, setter), current, true);
  }

  /** A key with no single default of its own (none, or another key's value). */
  static <B, C, T> ConfigBinding<B, C> unstated(
      String key, String setting, ConfigValues.Reader<T> reader, BiConsumer<B, T> setter) {
    return new ConfigBinding<>(key, setting, false, reading(key, reader, setter), null, false);
  }

  /**
   * The setting's value in {@code config}: through {@link #current()} when given, else the built
   * configuration's accessor named as the setting.
   *
   * @throws IllegalStateException when the configuration has no such accessor
   */
  Object valueIn(C config) {
    if (current != null) {
      return current.apply(config);
    }
    try {
      return config.getClass().getMethod(setting).invoke(config);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          config.getClass().getSimpleName() + " has no accessor " + setting + "()", e);
    }
  }

  private static <B, T> BiConsumer<ConfigSource, B> reading(
      String key, ConfigValues.Reader<T> reader, BiConsumer<B, T> setter) {
    return (source, builder) ->
        source.value(key).flatMap(reader::read).ifPresent(v -> setter.accept(builder, v));
  }

  /** A mapping of names to whole numbers, such as {@code scylla.replication}. */
  static <B, C> ConfigBinding<B, C> integers(
      String key, String setting, BiConsumer<B, Map<String, Integer>> setter) {
    return new ConfigBinding<>(
        key,
        setting,
        false,
        (source, builder) ->
            source
                .mapping(key)
                .ifPresent(
                    entries -> {
                      Map<String, Integer> numbers = new LinkedHashMap<>();
                      entries.forEach(
                          (name, value) ->
                              numbers.put(
                                  name, ConfigValues.wholeNumber().read(value).orElseThrow()));
                      setter.accept(builder, numbers);
                    }),
        null,
        false);
  }

  /**
   * A credential given inline under {@code key} or as a file under {@code key + "File"}, as the Go
   * process reads them: white space around the value (or the file's text) removed; setting both
   * forms is an error. The value never appears in a message.
   */
  static <B, C> ConfigBinding<B, C> secret(
      String key, String setting, BiConsumer<B, String> setter) {
    return new ConfigBinding<>(
        key,
        setting,
        true,
        (source, builder) -> readSecret(source, key).ifPresent(v -> setter.accept(builder, v)),
        null,
        false);
  }

  /**
   * The TLS block under {@code prefix}, as Go's {@code secureconfig.TLSConfig} reads it: TLS is on
   * when {@code enabled} is true or any of {@code caFile}, {@code certFile}, {@code keyFile},
   * {@code serverName}, {@code insecureSkipVerify} is set; otherwise the setter is not called.
   */
  static <B, C> ConfigBinding<B, C> tls(
      String prefix, String setting, BiConsumer<B, TlsSettings> setter) {
    return new ConfigBinding<>(
        prefix + ".enabled",
        setting,
        false,
        (source, builder) -> readTls(source, prefix).ifPresent(v -> setter.accept(builder, v)),
        null,
        false);
  }

  private static Optional<String> readSecret(ConfigSource source, String key) {
    Optional<ConfigSource.Value> inline = source.value(key);
    Optional<ConfigSource.Value> file = source.value(key + "File");
    if (inline.isPresent() && file.isPresent()) {
      throw ConfigException.invalid(
          key + inline.get().where() + " and " + key + "File" + file.get().where(),
          null,
          "only one of them to be set");
    }
    if (file.isPresent()) {
      Path path = Path.of(file.get().scalar("a file path"));
      try {
        return nonBlank(Files.readString(path, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw file.get().invalid("a readable file (" + ConfigSource.describe(e) + ")");
      }
    }
    if (inline.isPresent()) {
      if (!inline.get().isScalar()) {
        throw inline.get().invalidSecret("a single value");
      }
      return nonBlank(inline.get().rawText());
    }
    return Optional.empty();
  }

  private static Optional<String> nonBlank(String text) {
    String trimmed = text.strip();
    return trimmed.isEmpty() ? Optional.empty() : Optional.of(trimmed);
  }

  private static Optional<TlsSettings> readTls(ConfigSource source, String prefix) {
    boolean enabled =
        source.value(prefix + ".enabled").flatMap(ConfigValues.bool()::read).orElse(false);
    Path caFile = file(source, prefix + ".caFile");
    Path certFile = file(source, prefix + ".certFile");
    Path keyFile = file(source, prefix + ".keyFile");
    String serverName =
        source.value(prefix + ".serverName").flatMap(ConfigValues.text()::read).orElse(null);
    boolean insecure =
        source
            .value(prefix + ".insecureSkipVerify")
            .flatMap(ConfigValues.bool()::read)
            .orElse(false);
    if (!(enabled
        || caFile != null
        || certFile != null
        || keyFile != null
        || serverName != null
        || insecure)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          TlsSettings.builder()
              .caFile(caFile)
              .certFile(certFile)
              .keyFile(keyFile)
              .serverName(serverName)
              .insecureSkipVerify(insecure)
              .build());
    } catch (IllegalArgumentException e) {
      throw ConfigException.invalid(
          prefix + ".certFile and " + prefix + ".keyFile",
          null,
          "both set or both unset (a client certificate needs its key)");
    }
  }

  private static Path file(ConfigSource source, String key) {
    return source.value(key).flatMap(ConfigValues.readableFile()::read).orElse(null);
  }
}
