package dev.resultstore.core.internal;

import dev.resultstore.core.InvalidSettingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a credential from a file, as the builders' {@code ...File} setters do: the file's UTF-8
 * text without its one trailing line break ({@code \n} or {@code \r\n}), which suits Kubernetes
 * Secret volumes. The one reader for every module's builders.
 */
public final class SecretFiles {
  private SecretFiles() {}

  /**
   * The secret in {@code file}.
   *
   * @param setting the builder's name of the setting, e.g. {@code passwordFile}
   * @throws InvalidSettingException when the file cannot be read; the message names the setting and
   *     the file, never its content
   */
  public static String read(String setting, Path file) {
    if (file == null) {
      throw new InvalidSettingException(
          setting + " is null, expected a readable file", setting, null, "a readable file");
    }
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      return text.endsWith("\r\n")
          ? text.substring(0, text.length() - 2)
          : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    } catch (IOException | RuntimeException e) {
      throw new InvalidSettingException(
          setting + " " + file + " cannot be read: " + e,
          setting,
          file.toString(),
          "a readable file");
    }
  }
}
