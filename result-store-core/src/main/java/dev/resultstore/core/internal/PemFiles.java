package dev.resultstore.core.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads PEM certificates and private keys (PKCS#8, PKCS#1 RSA, SEC 1 EC) with the JDK alone. */
final class PemFiles {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
  private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "EdDSA"};

  private PemFiles() {}

  /** Every {@code CERTIFICATE} block of {@code file}, in order; at least one. */
  static List<X509Certificate> certificates(String field, Path file) {
    String text = read(field, file);
    List<X509Certificate> certificates = new ArrayList<>();
    CertificateFactory factory;
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
    }
    Matcher block = BLOCK.matcher(text);
    while (block.find()) {
      if (!block.group(1).equals("CERTIFICATE")) {
        continue;
      }
      byte[] der = base64(field, file, block.group(2));
      try {
        certificates.add(
            (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      } catch (CertificateException e) {
        throw unreadable(field, file, "certificate " + (certificates.size() + 1), e);
      }
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException(
          describe(field, file) + " holds no PEM block \"-----BEGIN CERTIFICATE-----\"");
    }
    return certificates;
  }

  /**
   * The unencrypted private key in {@code file}, in any PEM form Go's {@code tls.X509KeyPair}
   * accepts: PKCS#8 ({@code BEGIN PRIVATE KEY}: RSA, EC or EdDSA), PKCS#1 ({@code BEGIN RSA PRIVATE
   * KEY}) or SEC 1 ({@code BEGIN EC PRIVATE KEY}). Like Go, the first block whose label ends in
   * {@code PRIVATE KEY} is used and its form is read from its DER, not from its label.
   */
  static PrivateKey privateKey(String field, Path file) {
    String text = read(field, file);
    Matcher block = BLOCK.matcher(text);
    while (block.find()) {
      String label = block.group(1);
      if (label.equals("ENCRYPTED PRIVATE KEY")) {
        throw new IllegalArgumentException(
            describe(field, file)
                + " holds an encrypted key; only unencrypted keys can be used. Decrypt it with:"
                + " openssl pkey -in "
                + file
                + " -out key.pem");
      }
      if (label.equals("PRIVATE KEY") || label.endsWith(" PRIVATE KEY")) {
        byte[] der = base64(field, file, block.group(2));
        try {
          return decodeKey(PrivateKeyInfo.toPkcs8(der));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              describe(field, file) + " holds a \"" + label + "\" block that " + e.getMessage(), e);
        }
      }
    }
    throw new IllegalArgumentException(
        describe(field, file)
            + " holds no PEM private key block (\"-----BEGIN PRIVATE KEY-----\", \"-----BEGIN RSA"
            + " PRIVATE KEY-----\" or \"-----BEGIN EC PRIVATE KEY-----\")");
  }

  /** Checks that {@code key} belongs to {@code certificate} by signing and verifying. */
  static void checkPair(PrivateKey key, X509Certificate certificate, Path keyFile, Path certFile) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> key.getAlgorithm();
        };
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    boolean matches;
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(challenge);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      matches = false;
    }
    if (!matches) {
      throw new IllegalArgumentException(
          "keyFile "
              + keyFile
              + " does not hold the private key of the first certificate in certFile "
              + certFile
              + " ("
              + certificate.getSubjectX500Principal().getName()
              + ")");
    }
  }

  private static PrivateKey decodeKey(byte[] der) {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException("is not an RSA, EC or EdDSA key the JDK can read");
  }

  private static String read(String field, Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw unreadable(field, file, "the file", e);
    }
  }

  private static byte[] base64(String field, Path file, String body) {
    try {
      return Base64.getMimeDecoder().decode(body.trim());
    } catch (IllegalArgumentException e) {
      throw unreadable(field, file, "a PEM block", e);
    }
  }

  private static IllegalArgumentException unreadable(
      String field, Path file, String what, Exception cause) {
    return new IllegalArgumentException(
        describe(field, file) + ": cannot read " + what + ": " + cause, cause);
  }

  private static String describe(String field, Path file) {
    return field + " " + file;
  }
}
