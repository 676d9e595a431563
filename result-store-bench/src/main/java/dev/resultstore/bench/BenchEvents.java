package dev.resultstore.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The bench's result events in the Go wire format (v1), each a pure function of the run's seed and
 * its index, so every step can regenerate exactly the same events without holding them in memory.
 *
 * <p>The mix: 95% succeeded with a JSON body of exactly {@code bodyBytes} bytes; 5% failed ({@code
 * framework_error}, status 500, no body); one event in {@value #LARGE_EVERY} a large body of {@code
 * largeBodyBytes}; a third synchronous (with a reply subject), spread over {@value #APPS}
 * serverless applications; {@code completedAt} one millisecond apart, the last one at {@code end}.
 * Thread-safe.
 */
final class BenchEvents {
  /** One event in this many is a failure: 5%. */
  static final int FAILURE_EVERY = 20;

  /** One event in this many has a large body. */
  static final int LARGE_EVERY = 5_000;

  /** The serverless applications the events are spread over. */
  static final int APPS = 32;

  /** The smallest body: {@code {"output":""}} plus a few characters. */
  static final int MIN_BODY_BYTES = 16;

  private static final int FILLER_BYTES = 64 * 1024;
  private static final byte[] BODY_START = "{\"output\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BODY_END = "\"}".getBytes(StandardCharsets.US_ASCII);
  private static final HexFormat HEX = HexFormat.of();
  private static final String[] APP_NAMES = new String[APPS];

  static {
    for (int i = 0; i < APPS; i++) {
      APP_NAMES[i] = String.format(Locale.ROOT, "bench-app-%02d", i);
    }
  }

  private final long seed;
  private final int count;
  private final int bodyBytes;
  private final int largeBodyBytes;
  private final Instant end;
  private final byte[] filler;

  /**
   * @param seed makes the invocation ids unique to one run
   * @param count the number of events (the last one completes at {@code end})
   * @param bodyBytes the size of a normal body, at least {@value #MIN_BODY_BYTES}
   * @param largeBodyBytes the size of a large body, at least {@code bodyBytes}
   */
  BenchEvents(long seed, int count, int bodyBytes, int largeBodyBytes, Instant end) {
    if (bodyBytes < MIN_BODY_BYTES || largeBodyBytes < bodyBytes) {
      throw new IllegalArgumentException(
          "body sizes " + bodyBytes + " and " + largeBodyBytes + " are too small");
    }
    this.seed = seed;
    this.count = count;
    this.bodyBytes = bodyBytes;
    this.largeBodyBytes = largeBodyBytes;
    this.end = end;
    SplittableRandom random = new SplittableRandom(seed);
    this.filler = new byte[FILLER_BYTES];
    for (int i = 0; i < filler.length; i++) {
      int letter = random.nextInt(27);
      filler[i] = (byte) (letter == 26 ? ' ' : 'a' + letter);
    }
  }

  int count() {
    return count;
  }

  /** Whether event {@code index} reports a failed invocation. */
  static boolean isFailure(long index) {
    return index % FAILURE_EVERY == 7;
  }

  /** Whether event {@code index} carries a large body. */
  static boolean isLarge(long index) {
    return index % LARGE_EVERY == 1_000;
  }

  /** The invocation id of event {@code index}: {@code inv-} and 32 hex digits. */
  String invocationId(long index) {
    SplittableRandom random = new SplittableRandom(seed ^ (index * 0x9E3779B97F4A7C15L));
    byte[] id = new byte[16];
    long high = random.nextLong();
    long low = random.nextLong();
    for (int i = 0; i < 8; i++) {
      id[i] = (byte) (high >>> (56 - 8 * i));
      id[8 + i] = (byte) (low >>> (56 - 8 * i));
    }
    return "inv-" + HEX.formatHex(id);
  }

  /** The serverless application of event {@code index}. */
  static String requestId(long index) {
    return APP_NAMES[(int) (index % APPS)];
  }

  /** The subject event {@code index} is published to, under {@code prefix}. */
  static String subject(String prefix, long index) {
    return prefix + ".result." + requestId(index);
  }

  /** The body size of event {@code index}; 0 when it has none. */
  int bodySize(long index) {
    if (isFailure(index)) {
      return 0;
    }
    return isLarge(index) ? largeBodyBytes : bodyBytes;
  }

  /** The encoded event {@code index}, as the Go runtime publishes it. */
  byte[] json(long index) {
    String id = invocationId(index);
    String app = requestId(index);
    Instant completedAt = end.minus(Duration.ofMillis(count - 1 - index)).plusNanos(index % 1_000);
    Instant startedAt = completedAt.minusMillis(50 + index % 5_000);
    boolean sync = index % 3 == 0;
    boolean failure = isFailure(index);
    int size = bodySize(index);
    ByteArrayOutputStream out = new ByteArrayOutputStream(size + 600);
    StringBuilder head = new StringBuilder(600);
    head.append("{\"version\":\"v1\",\"invocationID\":\"")
        .append(id)
        .append("\",\"serverlessRequestID\":\"")
        .append(app)
        .append("\",\"mode\":\"")
        .append(sync ? "sync" : "async")
        .append("\",\"state\":\"")
        .append(failure ? "failed" : "succeeded")
        .append('"');
    if (failure) {
      head.append(",\"failureClass\":\"framework_error\"");
    }
    if (sync) {
      head.append(",\"replySubject\":\"_INBOX.bench.").append(index).append('"');
    }
    head.append(",\"workerName\":\"")
        .append(app)
        .append("-worker-")
        .append(index % 4)
        .append("\",\"workerNamespace\":\"runtime-workers\",\"statusCode\":")
        .append(failure ? 500 : 200);
    if (!failure) {
      head.append(",\"contentType\":\"application/json\",\"headers\":{\"x-request-id\":\"")
          .append(id)
          .append("\"},\"body\":");
    }
    out.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
    if (!failure) {
      writeBody(out, size, (int) (index % FILLER_BYTES));
    } else {
      out.writeBytes(
          ",\"error\":\"CUDA out of memory while running the model\""
              .getBytes(StandardCharsets.US_ASCII));
    }
    String tail = ",\"startedAt\":\"" + startedAt + "\",\"completedAt\":\"" + completedAt + "\"}";
    out.writeBytes(tail.getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  /** {@code {"output":"<letters>"}}, exactly {@code size} bytes. */
  private void writeBody(ByteArrayOutputStream out, int size, int offset) {
    out.writeBytes(BODY_START);
    int left = size - BODY_START.length - BODY_END.length;
    int position = offset;
    while (left > 0) {
      int length = Math.min(left, FILLER_BYTES - position);
      out.write(filler, position, length);
      left -= length;
      position = 0;
    }
    out.writeBytes(BODY_END);
  }
}
