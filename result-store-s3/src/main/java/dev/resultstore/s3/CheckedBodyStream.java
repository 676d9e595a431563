package dev.resultstore.s3;

import dev.resultstore.core.BodyPointer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;

/**
 * The object's bytes as they arrive, counted and checksummed: at the end of the stream, a size or
 * checksum that differs from the pointer's throws an {@link IOException} naming the key instead of
 * ending a wrong body quietly. Not thread-safe, like most streams.
 */
final class CheckedBodyStream extends FilterInputStream {
  private final BodyPointer pointer;
  private final CRC32C crc = new CRC32C();
  private long count;
  private boolean checked;

  CheckedBodyStream(InputStream object, BodyPointer pointer) {
    super(object);
    this.pointer = pointer;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b < 0) {
      check();
    } else {
      crc.update(b);
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n < 0) {
      check();
    } else {
      crc.update(buffer, offset, n);
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] discard = new byte[(int) Math.min(8192, Math.max(0, n))];
    long skipped = 0;
    while (skipped < n) {
      int r = read(discard, 0, (int) Math.min(discard.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void check() throws IOException {
    if (checked) {
      return;
    }
    checked = true;
    String checksum = BodyChecksum.format(crc.getValue());
    if (count != pointer.size() || !checksum.equals(pointer.checksum())) {
      throw new IOException(
          "object store: the object "
              + pointer.location()
              + " is not the body its row points at: "
              + count
              + " bytes, "
              + checksum
              + ", expected "
              + pointer.size()
              + " bytes, "
              + pointer.checksum());
    }
  }
}
