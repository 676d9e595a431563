package dev.resultstore.s3;

import dev.resultstore.core.PermanentStoreException;
import dev.resultstore.core.ResultStoreException;
import dev.resultstore.core.TransientStoreException;
import dev.resultstore.core.internal.StoreFailures;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Sorts the SDK's exceptions into {@link TransientStoreException} (an outage: wait and retry, never
 * dead-letter) and {@link PermanentStoreException} (the object store refuses this body or key for
 * good).
 *
 * <p>Transient: every client-side failure (connection refused or reset, timeouts, DNS), server
 * errors (5xx), throttling (429, {@code SlowDown}), a denied request or bad credentials (403: fixed
 * by an operator; results must not be dropped meanwhile), a missing bucket (the same), and anything
 * unknown. Permanent: a body or key the server refuses as such ({@code EntityTooLarge}, {@code
 * KeyTooLongError}, {@code InvalidArgument}) and an {@link IllegalArgumentException} of ours (a key
 * over 1024 bytes).
 */
final class S3Errors {
  private static final Set<String> PERMANENT_CODES =
      Set.of("EntityTooLarge", "KeyTooLongError", "InvalidArgument", "InvalidObjectName");

  private S3Errors() {}

  static ResultStoreException classify(Throwable error, String operation) {
    return StoreFailures.classify(
        error, "object store", operation, S3Errors::isPermanent, S3Errors::describe);
  }

  static Throwable unwrap(Throwable error) {
    return StoreFailures.unwrap(error);
  }

  /** Whether {@code error} says the object is not there (404 {@code NoSuchKey}). */
  static boolean isMissingObject(Throwable error) {
    return error instanceof S3Exception s3
        && s3.statusCode() == 404
        && !"NoSuchBucket".equals(errorCode(s3));
  }

  private static boolean isPermanent(Throwable cause) {
    if (cause instanceof IllegalArgumentException) {
      return true;
    }
    if (cause instanceof S3Exception s3) {
      return PERMANENT_CODES.contains(errorCode(s3));
    }
    return false;
  }

  private static String describe(Throwable cause) {
    if (cause instanceof S3Exception s3) {
      return "HTTP " + s3.statusCode() + " " + errorCode(s3) + ": " + s3.getMessage();
    }
    if (cause instanceof SdkClientException || cause instanceof RejectedExecutionException) {
      return cause.getMessage();
    }
    return cause.toString();
  }

  private static String errorCode(S3Exception s3) {
    return s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
  }
}
