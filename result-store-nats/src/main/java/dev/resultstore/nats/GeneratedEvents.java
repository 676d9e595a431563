package dev.resultstore.nats;

import dev.resultstore.core.InvocationMode;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.InvocationState;
import dev.resultstore.core.RawJson;
import dev.resultstore.core.ResultCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Result events in the Go wire format, encoded by {@link ResultCodec}, each a pure function of the
 * seed and its index (so they need not be held in memory): for {@code publish}, the benchmark and
 * the tests. 95% succeeded with a JSON body of exactly {@code bodyBytes}, 5% failed ({@code
 * framework_error}, status 500, no body), one in {@value #LARGE_EVERY} with a body of {@code
 * largeBodyBytes}, a third synchronous, spread over the request ids in turn, {@code completedAt}
 * one millisecond apart and the last one at {@code end}. Thread-safe.
 */
public final class GeneratedEvents {
  /** The smallest body: {@code {"output":""}} plus a few characters. */
  public static final int MIN_BODY_BYTES = 16;

  /** One event in this many has a large body. */
  static final int LARGE_EVERY = 5_000;

  private static final int FAILURE_EVERY = 20;
  private static final ResultCodec CODEC = ResultCodec.create();
  private static final HexFormat HEX = HexFormat.of();

  private final long seed;
  private final int count;
  private final List<String> requestIds;
  private final int bodyBytes;
  private final int largeBodyBytes;
  private final Instant end;
  private final byte[] filler = new byte[64 * 1024];

  /**
   * @param seed makes the invocation ids unique to one run
   * @param count the number of events (the last one completes at {@code end})
   * @param requestIds the serverless applications, not empty
   * @param bodyBytes the size of a normal body, at least {@value #MIN_BODY_BYTES}
   * @param largeBodyBytes the size of a large body, at least {@code bodyBytes}
   */
  public GeneratedEvents(
      long seed,
      int count,
      List<String> requestIds,
      int bodyBytes,
      int largeBodyBytes,
      Instant end) {
    if (bodyBytes < MIN_BODY_BYTES || largeBodyBytes < bodyBytes || requestIds.isEmpty()) {
      throw new IllegalArgumentException(
          "body sizes " + bodyBytes + " and " + largeBodyBytes + " or no request ids");
    }
    this.seed = seed;
    this.count = count;
    this.requestIds = List.copyOf(requestIds);
    this.bodyBytes = bodyBytes;
    this.largeBodyBytes = largeBodyBytes;
    this.end = end;
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < filler.length; i++) {
      int letter = random.nextInt(27);
      filler[i] = (byte) (letter == 26 ? ' ' : 'a' + letter);
    }
  }

  /** The number of events. */
  public int count() {
    return count;
  }

  /** Whether event {@code index} reports a failed invocation. */
  public static boolean isFailure(long index) {
    return index % FAILURE_EVERY == 7;
  }

  /** The invocation id of event {@code index}: {@code inv-} and 32 hex digits. */
  public String invocationId(long index) {
    SplittableRandom random = new SplittableRandom(seed ^ (index * 0x9E3779B97F4A7C15L));
    return "inv-" + HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
  }

  /** The serverless request id of event {@code index}. */
  public String requestId(long index) {
    return requestIds.get((int) (index % requestIds.size()));
  }

  /** The subject event {@code index} is published to, under {@code prefix}. */
  public String subject(String prefix, long index) {
    return Subjects.resultSubject(prefix, requestId(index));
  }

  /** The body size of event {@code index}; 0 when it has none. */
  public int bodySize(long index) {
    if (isFailure(index)) {
      return 0;
    }
    return index % LARGE_EVERY == 1_000 ? largeBodyBytes : bodyBytes;
  }

  /** Event {@code index}. */
  public InvocationResult result(long index) {
    return result(index, isFailure(index), bodySize(index));
  }

  /**
   * Event {@code index} as a succeeded invocation with a body of exactly {@code bodyBytes} (at
   * least {@value #MIN_BODY_BYTES}) instead of its own: for a mix of body sizes chosen by the
   * caller. The body is made on each call, never kept.
   */
  public InvocationResult result(long index, int bodyBytes) {
    if (bodyBytes < MIN_BODY_BYTES) {
      throw new IllegalArgumentException("a body of at least " + MIN_BODY_BYTES + " bytes");
    }
    return result(index, false, bodyBytes);
  }

  private InvocationResult result(long index, boolean failure, int size) {
    String id = invocationId(index);
    String app = requestId(index);
    Instant completedAt = end.minusMillis(count - 1 - index).plusNanos(index % 1_000);
    boolean sync = index % 3 == 0;
    return InvocationResult.builder()
        .invocationId(id)
        .serverlessRequestId(app)
        .mode(sync ? InvocationMode.SYNC : InvocationMode.ASYNC)
        .state(failure ? InvocationState.FAILED : InvocationState.SUCCEEDED)
        .failureClass(failure ? "framework_error" : null)
        .replySubject(sync ? "_INBOX.generated." + index : null)
        .workerName(app + "-worker-" + index % 4)
        .workerNamespace("runtime-workers")
        .statusCode(failure ? 500 : 200)
        .contentType(failure ? null : "application/json")
        .headers(failure ? Map.of() : Map.of("x-request-id", id))
        .body(failure ? null : RawJson.of(body(size, (int) (index % filler.length))))
        .error(failure ? "CUDA out of memory while running the model" : null)
        .startedAt(completedAt.minusMillis(50 + index % 5_000))
        .completedAt(completedAt)
        .storedAt(completedAt)
        .build();
  }

  /** Event {@code index}, encoded as the Go runtime publishes it. */
  public byte[] json(long index) {
    return CODEC.encode(result(index));
  }

  /** {@code {"output":"<letters>"}}, exactly {@code size} bytes. */
  private byte[] body(int size, int offset) {
    byte[] body = new byte[size];
    byte[] start = "{\"output\":\"".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(start, 0, body, 0, start.length);
    for (int at = start.length, position = offset; at < size - 2; ) {
      int length = Math.min(size - 2 - at, filler.length - position);
      System.arraycopy(filler, position, body, at, length);
      at += length;
      position = 0;
    }
    body[size - 2] = '"';
    body[size - 1] = '}';
    return body;
  }
}
