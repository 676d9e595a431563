package dev.resultstore.nats;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Masks the secrets that NATS URLs may carry ({@code nats://user:password@host}, {@code
 * nats://token@host}) in anything logged or thrown: the password or token becomes {@code ****}.
 */
final class Redaction {
  /** A URL's start: any scheme, or none at the start of the text or after a separator. */
  private static final String START = "([A-Za-z][A-Za-z0-9+.-]*://|^|(?<=[\\s,\\[\"']))";

  private static final String PART = "[^\\s:@/,\\]\"']";

  private static final Pattern USER_AND_PASSWORD =
      Pattern.compile(START + "(" + PART + "+):" + PART + "*@");
  private static final Pattern TOKEN =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)" + PART + "+@");

  private Redaction() {}

  /** {@code text} with every URL's password or token masked; {@code null} stays {@code null}. */
  static String urls(String text) {
    if (text == null || text.indexOf('@') < 0) {
      return text;
    }
    String masked = USER_AND_PASSWORD.matcher(text).replaceAll("$1$2:****@");
    return TOKEN.matcher(masked).replaceAll("$1****@");
  }

  /** Every URL of {@code servers} masked. */
  static List<String> urls(List<String> servers) {
    return servers.stream().map(Redaction::urls).toList();
  }
}
