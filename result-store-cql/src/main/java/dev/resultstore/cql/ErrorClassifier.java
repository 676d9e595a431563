package dev.resultstore.cql;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.RequestThrottlingException;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import com.datastax.oss.driver.api.core.connection.BusyConnectionException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.connection.ConnectionInitException;
import com.datastax.oss.driver.api.core.connection.FrameTooLongException;
import com.datastax.oss.driver.api.core.connection.HeartbeatException;
import com.datastax.oss.driver.api.core.servererrors.BootstrappingException;
import com.datastax.oss.driver.api.core.servererrors.FunctionFailureException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.ProtocolError;
import com.datastax.oss.driver.api.core.servererrors.QueryConsistencyException;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import com.datastax.oss.driver.api.core.servererrors.ServerError;
import com.datastax.oss.driver.api.core.servererrors.TruncateException;
import com.datastax.oss.driver.api.core.servererrors.UnauthorizedException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import com.datastax.oss.driver.api.core.type.codec.CodecNotFoundException;
import dev.resultstore.core.PermanentStoreException;
import dev.resultstore.core.ResultStoreException;
import dev.resultstore.core.TransientStoreException;
import dev.resultstore.core.internal.StoreFailures;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sorts the driver's exceptions into {@link TransientStoreException} (an outage: wait and retry)
 * and {@link PermanentStoreException} (the store refuses this request for good: dead-letter it).
 *
 * <p>Transient: timeouts (client and server side), unavailable, overloaded, bootstrapping, no node
 * available, connection closed, busy or failing heartbeats, request throttling, an unauthorized
 * request or a failed authentication (fix the role or the credentials, do not drop results).
 * Permanent: invalid queries and syntax errors (including a key over 64 KiB and any other value the
 * server refuses), invalid configuration in a query, a protocol error or a frame too long (the
 * request itself is at fault), a server error naming a value that is too large, a function failure,
 * a codec missing for a value, an {@link IllegalArgumentException} while binding. {@link
 * AllNodesFailedException} is permanent only when every node failed permanently. Anything else is
 * transient, so that an outage never dead-letters a result, and is logged once per exception class.
 *
 * <p>A schema that is missing what the statement names ("unconfigured table", "undefined column", a
 * keyspace that does not exist) is transient, though the server reports it as an invalid query: it
 * is a table being recreated or a migration not yet seen by every node, not a bad result, and a
 * healthy result must wait for the schema rather than be dead-lettered.
 */
final class ErrorClassifier {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorClassifier.class);
  private static final Set<Class<?>> LOGGED_UNKNOWN = ConcurrentHashMap.newKeySet();

  private ErrorClassifier() {}

  /** The exception to report for {@code error}, raised while {@code operation}. */
  static ResultStoreException classify(Throwable error, String operation) {
    return StoreFailures.classify(
        error, "CQL store", operation, ErrorClassifier::isPermanent, ErrorClassifier::describe);
  }

  /** Strips {@link CompletionException} and {@link ExecutionException} wrappers. */
  static Throwable unwrap(Throwable error) {
    return StoreFailures.unwrap(error);
  }

  static boolean isPermanent(Throwable cause) {
    if (cause instanceof AllNodesFailedException allFailed) {
      return allPermanent(allFailed);
    }
    if (isTransientType(cause) || namesMissingSchema(cause.getMessage())) {
      return false;
    }
    if (cause instanceof ServerError) {
      return namesOversizedValue(cause.getMessage());
    }
    if (cause instanceof QueryValidationException
        || cause instanceof ProtocolError
        || cause instanceof FrameTooLongException
        || cause instanceof FunctionFailureException
        || cause instanceof CodecNotFoundException
        || cause instanceof IllegalArgumentException) {
      return true;
    }
    if (LOGGED_UNKNOWN.add(cause.getClass())) {
      LOG.warn(
          "Unclassified CQL error {}, treated as transient (logged once per class)",
          cause.getClass().getName(),
          cause);
    }
    return false;
  }

  private static boolean isTransientType(Throwable cause) {
    return cause instanceof DriverTimeoutException
        || cause instanceof QueryConsistencyException
        || cause instanceof UnavailableException
        || cause instanceof OverloadedException
        || cause instanceof BootstrappingException
        || cause instanceof TruncateException
        || cause instanceof ClosedConnectionException
        || cause instanceof BusyConnectionException
        || cause instanceof HeartbeatException
        || cause instanceof ConnectionInitException
        || cause instanceof RequestThrottlingException
        || cause instanceof UnauthorizedException
        || cause instanceof AuthenticationException
        || cause instanceof IllegalStateException;
  }

  /** Every node failed, and each for a permanent reason (the request, not the nodes). */
  private static boolean allPermanent(AllNodesFailedException allFailed) {
    Map<?, List<Throwable>> errors = allFailed.getAllErrors();
    if (errors.isEmpty()) {
      return false;
    }
    for (List<Throwable> nodeErrors : errors.values()) {
      for (Throwable nodeError : nodeErrors) {
        if (!isPermanent(nodeError)) {
          return false;
        }
      }
    }
    return true;
  }

  /** An error naming a table, column or keyspace the node does not know (yet). */
  static boolean namesMissingSchema(String message) {
    if (message == null) {
      return false;
    }
    String text = message.toLowerCase(Locale.ROOT);
    return text.contains("unconfigured table")
        || text.contains("undefined column")
        || text.contains("undefined name")
        || text.contains("unknown identifier")
        || (text.contains("keyspace") && text.contains("does not exist"))
        || (text.contains("table") && text.contains("does not exist"));
  }

  /** A server error caused by the value: a key or value over the server's size limit. */
  private static boolean namesOversizedValue(String message) {
    if (message == null) {
      return false;
    }
    String text = message.toLowerCase(Locale.ROOT);
    return text.contains("key length")
        || text.contains("too large")
        || text.contains("too long")
        || text.contains("longer than maximum")
        || text.contains("exceeds")
        || text.contains("oversized");
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    String name = cause.getClass().getSimpleName();
    return message == null ? name : name + ": " + message;
  }
}
