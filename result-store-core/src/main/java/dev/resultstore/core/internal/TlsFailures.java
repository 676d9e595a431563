package dev.resultstore.core.internal;

import dev.resultstore.core.TlsSettings;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a failed TLS handshake into a sentence that names the setting to look at. The JDK's own
 * text ({@code PKIX path building failed: unable to find valid certification path to requested
 * target}) says what failed, not which file or name is wrong.
 */
public final class TlsFailures {
  private TlsFailures() {}

  /**
   * What the handshake failure somewhere in {@code error} (its causes, suppressed errors, or their
   * text) means for {@code tls}; empty when {@code error} is no certificate problem or {@code tls}
   * is not enabled.
   */
  public static Optional<String> explain(Throwable error, TlsSettings tls) {
    if (tls == null || !tls.enabled()) {
      return Optional.empty();
    }
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    return find(error, tls, seen);
  }

  private static Optional<String> find(Throwable error, TlsSettings tls, Set<Throwable> seen) {
    if (error == null || !seen.add(error)) {
      return Optional.empty();
    }
    String text = String.valueOf(error.getMessage()).toLowerCase(Locale.ROOT);
    if (error instanceof CertPathBuilderException
        || error instanceof CertPathValidatorException
        || text.contains("pkix path")
        || text.contains("unable to find valid certification path")) {
      return Optional.of(untrusted(tls));
    }
    if (text.contains("no subject alternative") || text.contains("no name matching")) {
      return Optional.of(wrongName(tls));
    }
    Optional<String> found = find(error.getCause(), tls, seen);
    for (Throwable suppressed : error.getSuppressed()) {
      if (found.isPresent()) {
        break;
      }
      found = find(suppressed, tls, seen);
    }
    return found;
  }

  private static String untrusted(TlsSettings tls) {
    String trusted =
        tls.caFile() == null
            ? "the JDK's default CAs (no caFile is set)"
            : "caFile " + tls.caFile();
    return "the server's TLS certificate is not signed by a CA we trust: "
        + trusted
        + " does not hold the CA that signed it";
  }

  private static String wrongName(TlsSettings tls) {
    String name =
        tls.serverName() == null ? "the host we connect to" : "serverName " + tls.serverName();
    return "the server's TLS certificate does not name " + name;
  }
}
