package dev.resultstore.core;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The stored outcome of one invocation: every field of the v1 result event, after the contract's
 * defaults were applied, plus the time it was stored.
 *
 * <p>Defaults already applied (see {@link ResultCodec}): {@code state} is derived when the event
 * had none; {@code completedAt} is the receive time when the event had none; {@code startedAt} is
 * {@code completedAt} when the event said "unknown". So {@code state}, {@code startedAt}, {@code
 * completedAt} and {@code storedAt} are never {@code null}.
 *
 * <p>Nullable components: {@code failureClass}, {@code replySubject}, {@code workerName}, {@code
 * workerNamespace}, {@code statusCode}, {@code contentType}, {@code body}, {@code error}. {@code
 * headers} is never {@code null} (empty when absent) and iterates in key order.
 *
 * <p>The constructor validates what must never reach storage and throws {@link
 * InvalidResultException} naming the field at fault.
 *
 * @param invocationId the primary key, e.g. {@code inv-} and 32 hex digits; at most 256 UTF-8
 *     bytes, no control characters
 * @param serverlessRequestId the serverless application; one NATS subject token (no {@code .},
 *     {@code *}, {@code >} or white space), at most 256 UTF-8 bytes
 * @param body the response body as the exact raw JSON bytes that arrived; {@code null} when the
 *     event had no body (a JSON {@code null} body is kept as the four bytes {@code null})
 */
public record InvocationResult(
    String invocationId,
    String serverlessRequestId,
    InvocationMode mode,
    InvocationState state,
    String failureClass,
    String replySubject,
    String workerName,
    String workerNamespace,
    Integer statusCode,
    String contentType,
    Map<String, String> headers,
    RawJson body,
    String error,
    Instant startedAt,
    Instant completedAt,
    Instant storedAt) {

  /** The longest id accepted, in UTF-8 bytes. */
  public static final int MAX_ID_BYTES = 256;

  /** The version of the wire format this model encodes and decodes. */
  public static final String WIRE_VERSION = "v1";

  public InvocationResult {
    checkId("invocationID", invocationId);
    checkId("serverlessRequestID", serverlessRequestId);
    for (int i = 0; i < serverlessRequestId.length(); i++) {
      char c = serverlessRequestId.charAt(i);
      if (c == '.' || c == '*' || c == '>' || Character.isWhitespace(c)) {
        throw new InvalidResultException(
            "serverlessRequestID",
            "must be one subject token, without '.', '*', '>' or white space, but has "
                + describe(c)
                + " at index "
                + i);
      }
    }
    require("mode", mode);
    require("state", state);
    require("completedAt", completedAt);
    require("startedAt", startedAt);
    require("storedAt", storedAt);
    headers = copyHeaders(headers);
  }

  /** A builder with every component unset ({@code null}) and no headers. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder pre-filled with this result's components. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The size of the body in bytes; 0 when there is no body. */
  public long bodyBytes() {
    return body == null ? 0 : body.size();
  }

  private static void checkId(String field, String value) {
    require(field, value);
    if (value.isBlank()) {
      throw new InvalidResultException(field, "must not be blank");
    }
    int bytes = value.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_ID_BYTES) {
      throw new InvalidResultException(
          field, "is " + bytes + " bytes long, the limit is " + MAX_ID_BYTES);
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        throw new InvalidResultException(
            field,
            "must not contain control characters, but has " + describe(c) + " at index " + i);
      }
    }
  }

  private static void require(String field, Object value) {
    if (value == null) {
      throw new InvalidResultException(field, "is required");
    }
  }

  private static String describe(char c) {
    return String.format("U+%04X", (int) c);
  }

  private static Map<String, String> copyHeaders(Map<String, String> headers) {
    if (headers == null || headers.isEmpty()) {
      return Map.of();
    }
    TreeMap<String, String> copy = new TreeMap<>();
    headers.forEach(
        (name, value) -> {
          if (name == null || value == null) {
            throw new InvalidResultException("headers", "must not hold null names or values");
          }
          copy.put(name, value);
        });
    return Collections.unmodifiableMap(copy);
  }

  /** Builds an {@link InvocationResult}; nothing is defaulted, {@link #build()} validates. */
  public static final class Builder {
    private String invocationId;
    private String serverlessRequestId;
    private InvocationMode mode;
    private InvocationState state;
    private String failureClass;
    private String replySubject;
    private String workerName;
    private String workerNamespace;
    private Integer statusCode;
    private String contentType;
    private Map<String, String> headers = Map.of();
    private RawJson body;
    private String error;
    private Instant startedAt;
    private Instant completedAt;
    private Instant storedAt;

    private Builder() {}

    private Builder(InvocationResult result) {
      invocationId = result.invocationId;
      serverlessRequestId = result.serverlessRequestId;
      mode = result.mode;
      state = result.state;
      failureClass = result.failureClass;
      replySubject = result.replySubject;
      workerName = result.workerName;
      workerNamespace = result.workerNamespace;
      statusCode = result.statusCode;
      contentType = result.contentType;
      headers = result.headers;
      body = result.body;
      error = result.error;
      startedAt = result.startedAt;
      completedAt = result.completedAt;
      storedAt = result.storedAt;
    }

    public Builder invocationId(String value) {
      invocationId = value;
      return this;
    }

    public Builder serverlessRequestId(String value) {
      serverlessRequestId = value;
      return this;
    }

    public Builder mode(InvocationMode value) {
      mode = value;
      return this;
    }

    public Builder state(InvocationState value) {
      state = value;
      return this;
    }

    public Builder failureClass(String value) {
      failureClass = value;
      return this;
    }

    public Builder replySubject(String value) {
      replySubject = value;
      return this;
    }

    public Builder workerName(String value) {
      workerName = value;
      return this;
    }

    public Builder workerNamespace(String value) {
      workerNamespace = value;
      return this;
    }

    public Builder statusCode(Integer value) {
      statusCode = value;
      return this;
    }

    public Builder contentType(String value) {
      contentType = value;
      return this;
    }

    /** Default: no headers. */
    public Builder headers(Map<String, String> value) {
      headers = Objects.requireNonNullElse(value, Map.of());
      return this;
    }

    public Builder body(RawJson value) {
      body = value;
      return this;
    }

    public Builder error(String value) {
      error = value;
      return this;
    }

    public Builder startedAt(Instant value) {
      startedAt = value;
      return this;
    }

    public Builder completedAt(Instant value) {
      completedAt = value;
      return this;
    }

    public Builder storedAt(Instant value) {
      storedAt = value;
      return this;
    }

    /**
     * @throws InvalidResultException naming the first component that is missing or malformed
     */
    public InvocationResult build() {
      return new InvocationResult(
          invocationId,
          serverlessRequestId,
          mode,
          state,
          failureClass,
          replySubject,
          workerName,
          workerNamespace,
          statusCode,
          contentType,
          headers,
          body,
          error,
          startedAt,
          completedAt,
          storedAt);
    }
  }
}
