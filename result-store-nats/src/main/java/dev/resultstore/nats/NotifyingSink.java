package dev.resultstore.nats;

import dev.resultstore.core.DeadLetterRecord;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.ResultSink;
import dev.resultstore.core.ResultSummary;
import dev.resultstore.core.WriteOutcome;
import io.nats.client.Connection;
import java.time.Clock;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source's sink: the store's, plus a commit notification on core NATS once a write completed
 * with {@link WriteOutcome#STORED} (after the commit point, before the ack). A notification is fire
 * and forget: one that cannot be published is counted in the debug log and costs a waiter latency
 * (its fallback read), never correctness. Publishing only queues the message in the client (its
 * outgoing queue is bounded), on the thread that completed the write.
 */
final class NotifyingSink implements ResultSink {
  private static final Logger LOG = LoggerFactory.getLogger(NotifyingSink.class);

  private final ResultSink store;
  private final Connection connection;
  private final String subjectPrefix;
  private final Clock clock;

  NotifyingSink(ResultSink store, Connection connection, String subjectPrefix, Clock clock) {
    this.store = store;
    this.connection = connection;
    this.subjectPrefix = subjectPrefix;
    this.clock = clock;
    StoredNotice.warmUp(); // the first notification does not load the encoder's classes
  }

  @Override
  public CompletionStage<WriteOutcome> write(InvocationResult result) {
    return store
        .write(result)
        .thenApply(
            outcome -> {
              if (outcome == WriteOutcome.STORED) {
                notifyStored(result);
              }
              return outcome;
            });
  }

  @Override
  public CompletionStage<Boolean> delete(String invocationId) {
    return store.delete(invocationId);
  }

  @Override
  public CompletionStage<Void> recordDeadLetter(DeadLetterRecord record) {
    return store.recordDeadLetter(record);
  }

  private void notifyStored(InvocationResult result) {
    String requestId = result.serverlessRequestId();
    if (!Subjects.isValidToken(requestId)) {
      return; // a waiter's fallback read finds it
    }
    try {
      connection.publish(
          Subjects.storedSubject(subjectPrefix, requestId),
          StoredNotice.toJson(ResultSummary.of(result), clock.instant()));
    } catch (RuntimeException e) {
      LOG.debug("No commit notification for {}: {}", result.invocationId(), e.toString());
    }
  }
}
