package dev.resultstore.core.internal;

import java.io.ByteArrayOutputStream;

/**
 * Turns the DER of a private key in any of the forms Go's {@code tls.X509KeyPair} accepts (PKCS#8,
 * PKCS#1 RSA, SEC 1 EC) into PKCS#8, the one form the JDK's key factories read: a PKCS#1 or SEC 1
 * key is wrapped in a PKCS#8 {@code PrivateKeyInfo} with its algorithm (and, for EC, the curve its
 * SEC 1 structure names). The key bytes themselves are not changed.
 */
final class PrivateKeyInfo {
  /** The form of a private key's DER. */
  enum Form {
    PKCS8,
    PKCS1_RSA,
    SEC1_EC
  }

  private static final byte SEQUENCE = 0x30;
  private static final byte INTEGER = 0x02;
  private static final byte OCTET_STRING = 0x04;
  private static final byte OBJECT_IDENTIFIER = 0x06;
  private static final int EC_PARAMETERS = 0xA0;

  /** AlgorithmIdentifier { rsaEncryption, NULL }. */
  private static final byte[] RSA_ALGORITHM = {
    0x30,
    0x0D,
    0x06,
    0x09,
    0x2A,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xF7,
    0x0D,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };

  /** The OID id-ecPublicKey (1.2.840.10045.2.1), tag and length included. */
  private static final byte[] EC_PUBLIC_KEY = {
    0x06, 0x07, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01
  };

  private static final byte[] VERSION_ZERO = {0x02, 0x01, 0x00};

  private PrivateKeyInfo() {}

  /**
   * The form of {@code der}: after the outer SEQUENCE and the version INTEGER, PKCS#8 has a
   * SEQUENCE (the algorithm), PKCS#1 an INTEGER (the modulus), SEC 1 an OCTET STRING (the key).
   *
   * @throws IllegalArgumentException when {@code der} is none of them
   */
  static Form form(byte[] der) {
    Reader outer = new Reader(der, 0, der.length);
    Reader content = outer.enter(SEQUENCE);
    content.skip(INTEGER);
    return switch (content.peekTag()) {
      case SEQUENCE -> Form.PKCS8;
      case INTEGER -> Form.PKCS1_RSA;
      case OCTET_STRING -> Form.SEC1_EC;
      default -> throw new IllegalArgumentException("not a PKCS#8, PKCS#1 or SEC 1 private key");
    };
  }

  /**
   * {@code der} as PKCS#8: unchanged when it is, wrapped when it is PKCS#1 or SEC 1.
   *
   * @throws IllegalArgumentException when {@code der} is none of them, or a SEC 1 key does not name
   *     its curve
   */
  static byte[] toPkcs8(byte[] der) {
    return switch (form(der)) {
      case PKCS8 -> der;
      case PKCS1_RSA -> wrap(RSA_ALGORITHM, der);
      case SEC1_EC -> wrap(sequence(EC_PUBLIC_KEY, curveOf(der)), der);
    };
  }

  /** The named-curve OID (tag and length included) in the {@code [0]} parameters of a SEC 1 key. */
  private static byte[] curveOf(byte[] sec1) {
    Reader content = new Reader(sec1, 0, sec1.length).enter(SEQUENCE);
    content.skip(INTEGER);
    content.skip(OCTET_STRING);
    while (content.hasMore()) {
      if (content.peekTag() == (byte) EC_PARAMETERS) {
        Reader parameters = content.enter((byte) EC_PARAMETERS);
        if (parameters.peekTag() == OBJECT_IDENTIFIER) {
          return parameters.element();
        }
        break;
      }
      content.element();
    }
    throw new IllegalArgumentException(
        "the SEC 1 EC key does not name its curve (no [0] parameters with a named curve)");
  }

  private static byte[] wrap(byte[] algorithm, byte[] key) {
    return sequence(VERSION_ZERO, algorithm, tagged(OCTET_STRING, key));
  }

  private static byte[] sequence(byte[]... parts) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      content.writeBytes(part);
    }
    return tagged(SEQUENCE, content.toByteArray());
  }

  private static byte[] tagged(byte tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = length > 0xFFFFFF ? 4 : length > 0xFFFF ? 3 : length > 0xFF ? 2 : 1;
      out.write(0x80 | bytes);
      for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
        out.write(length >>> shift);
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  /** Reads DER elements (definite lengths only) from a slice of a byte array. */
  private static final class Reader {
    private final byte[] der;
    private int position;
    private final int end;

    Reader(byte[] der, int start, int end) {
      this.der = der;
      this.position = start;
      this.end = end;
    }

    boolean hasMore() {
      return position < end;
    }

    byte peekTag() {
      if (position >= end) {
        throw truncated();
      }
      return der[position];
    }

    /** The content of the next element, which must have {@code tag}, as a reader. */
    Reader enter(byte tag) {
      expect(tag);
      int length = length();
      int start = position;
      position += length;
      return new Reader(der, start, start + length);
    }

    void skip(byte tag) {
      enter(tag);
    }

    /** The next element whole (tag, length and content). */
    byte[] element() {
      int start = position;
      position++;
      int length = length();
      position += length;
      byte[] copy = new byte[position - start];
      System.arraycopy(der, start, copy, 0, copy.length);
      return copy;
    }

    private void expect(byte tag) {
      if (peekTag() != tag) {
        throw new IllegalArgumentException("not a DER private key");
      }
      position++;
    }

    private int length() {
      if (position >= end) {
        throw truncated();
      }
      int first = der[position++] & 0xFF;
      if (first < 0x80) {
        return checked(first);
      }
      int bytes = first & 0x7F;
      if (bytes == 0 || bytes > 4 || position + bytes > end) {
        throw truncated();
      }
      int length = 0;
      for (int i = 0; i < bytes; i++) {
        length = (length << 8) | (der[position++] & 0xFF);
      }
      return checked(length);
    }

    private int checked(int length) {
      if (length < 0 || position + length > end) {
        throw truncated();
      }
      return length;
    }

    private static IllegalArgumentException truncated() {
      return new IllegalArgumentException("not a DER private key (truncated)");
    }
  }
}
