package dev.resultstore.cql;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.connection.BusyConnectionException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.connection.HeartbeatException;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.servererrors.BootstrappingException;
import com.datastax.oss.driver.api.core.servererrors.DefaultWriteType;
import com.datastax.oss.driver.api.core.servererrors.InvalidConfigurationInQueryException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.ProtocolError;
import com.datastax.oss.driver.api.core.servererrors.ReadTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.ServerError;
import com.datastax.oss.driver.api.core.servererrors.SyntaxError;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.codec.CodecNotFoundException;
import com.datastax.oss.driver.api.core.type.reflect.GenericType;
import dev.resultstore.core.PermanentStoreException;
import dev.resultstore.core.ResultStoreException;
import dev.resultstore.core.TransientStoreException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ErrorClassifierTest {

  @Test
  void outages_are_transient() {
    List<Throwable> outages =
        List.of(
            new DriverTimeoutException("Query timed out after PT10S"),
            new ReadTimeoutException(null, DefaultConsistencyLevel.LOCAL_QUORUM, 1, 2, false),
            new WriteTimeoutException(
                null, DefaultConsistencyLevel.LOCAL_QUORUM, 1, 2, DefaultWriteType.SIMPLE),
            new UnavailableException(null, DefaultConsistencyLevel.LOCAL_QUORUM, 2, 1),
            new OverloadedException(null),
            new BootstrappingException(null),
            new NoNodeAvailableException(),
            new ClosedConnectionException("Lost connection to remote peer"),
            new BusyConnectionException(2048),
            new HeartbeatException(new InetSocketAddress(9042), "no heartbeat", null),
            new ServerError(null, "java.lang.OutOfMemoryError"),
            new IllegalStateException("Session is closed"));

    for (Throwable outage : outages) {
      assertThat(classify(outage))
          .as(outage.toString())
          .isInstanceOf(TransientStoreException.class);
    }
  }

  @Test
  void requests_the_server_refuses_for_good_are_permanent() {
    List<Throwable> refusals =
        List.of(
            new InvalidQueryException(null, "Key length of 70000 is longer than maximum of 65535"),
            new InvalidQueryException(
                null, "CQL Message of size 17826265 bytes exceeds allowed maximum of 16777216"),
            new SyntaxError(null, "line 1:0 no viable alternative"),
            new InvalidConfigurationInQueryException(null, "unknown keyspace"),
            new ServerError(null, "Key length of 70000 is longer than maximum of 65535"),
            new ProtocolError(null, "Invalid value for a bound variable"),
            new CodecNotFoundException(DataTypes.TEXT, GenericType.INTEGER),
            new IllegalArgumentException("Invalid value for column"));

    for (Throwable refusal : refusals) {
      assertThat(classify(refusal))
          .as(refusal.toString())
          .isInstanceOf(PermanentStoreException.class);
    }
  }

  @Test
  void all_nodes_failing_is_permanent_only_when_every_node_refused_the_request() {
    Node first = node("node1");
    Node second = node("node2");
    List<Map.Entry<Node, Throwable>> refusedEverywhere =
        List.of(
            Map.entry(first, new InvalidQueryException(first, "bad value")),
            Map.entry(second, new InvalidQueryException(second, "bad value")));
    List<Map.Entry<Node, Throwable>> oneDown =
        List.of(
            Map.entry(first, new InvalidQueryException(first, "bad value")),
            Map.entry(second, new ClosedConnectionException("gone")));

    assertThat(classify(AllNodesFailedException.fromErrors(refusedEverywhere)))
        .isInstanceOf(PermanentStoreException.class);
    assertThat(classify(AllNodesFailedException.fromErrors(oneDown)))
        .isInstanceOf(TransientStoreException.class);
  }

  @Test
  void a_table_or_column_the_node_does_not_know_yet_is_transient() {
    // A table recreated during a deploy, or a migration some node has not seen yet: the
    // result is healthy, it must wait, not be dead-lettered.
    assertThat(classify(new InvalidQueryException(null, "unconfigured table invocation_results")))
        .isInstanceOf(TransientStoreException.class);
    assertThat(classify(new InvalidQueryException(null, "Undefined column name body_chunks")))
        .isInstanceOf(TransientStoreException.class);
    assertThat(classify(new InvalidQueryException(null, "Keyspace 'rs' does not exist")))
        .isInstanceOf(TransientStoreException.class);
  }

  @Test
  void unknown_errors_are_transient_so_an_outage_never_dead_letters() {
    assertThat(classify(new UnsupportedOperationException("surprise")))
        .isInstanceOf(TransientStoreException.class);
  }

  @Test
  void wrappers_are_stripped_and_the_message_names_the_operation_and_cause() {
    Throwable wrapped =
        new CompletionException(
            new ExecutionException(new DriverTimeoutException("Query timed out after PT10S")));

    ResultStoreException classified =
        ErrorClassifier.classify(wrapped, "writing the result of inv-1");

    assertThat(classified)
        .isInstanceOf(TransientStoreException.class)
        .hasMessage(
            "CQL store: writing the result of inv-1 failed: DriverTimeoutException: Query timed"
                + " out after PT10S")
        .hasCauseInstanceOf(DriverTimeoutException.class);
  }

  @Test
  void our_own_exceptions_pass_through_unchanged() {
    PermanentStoreException ours = new PermanentStoreException("schema", null);

    assertThat(ErrorClassifier.classify(new CompletionException(ours), "x")).isSameAs(ours);
  }

  private static ResultStoreException classify(Throwable error) {
    return ErrorClassifier.classify(error, "testing");
  }

  /** A node that is only ever used as a map key and printed. */
  private static Node node(String name) {
    return (Node)
        Proxy.newProxyInstance(
            Node.class.getClassLoader(),
            new Class<?>[] {Node.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "toString" -> name;
                  case "hashCode" -> name.hashCode();
                  case "equals" -> proxy == args[0];
                  default -> null;
                });
  }
}
