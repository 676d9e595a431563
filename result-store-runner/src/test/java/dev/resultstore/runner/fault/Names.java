package dev.resultstore.runner.fault;

import java.util.Locale;
import java.util.UUID;

/**
 * Names that no other test uses on the shared servers: the subject prefix, stream, consumer and
 * keyspace of one scenario run.
 *
 * @param id a random lowercase token
 * @param prefix the subject prefix, e.g. {@code faultab12cd34ef.serverless}
 * @param stream the stream, e.g. {@code FAULT_KILL9_AB12CD34EF}
 * @param consumer the durable consumer, e.g. {@code fault-kill9-ab12cd34ef}
 * @param keyspace the keyspace, e.g. {@code fault_kill9_ab12cd34ef}
 */
record Names(String id, String prefix, String stream, String consumer, String keyspace) {

  /** Fresh names for a scenario ({@code scenario}: lowercase letters and digits). */
  static Names unique(String scenario) {
    String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    return new Names(
        id,
        "fault" + id + ".serverless",
        "FAULT_" + scenario.toUpperCase(Locale.ROOT) + "_" + id.toUpperCase(Locale.ROOT),
        "fault-" + scenario + "-" + id,
        "fault_" + scenario + "_" + id);
  }

  /** The subject of results for {@code requestId}. */
  String resultSubject(String requestId) {
    return prefix + ".result." + requestId;
  }

  /** The filter of every dead letter of results. */
  String deadLetterFilter() {
    return prefix + ".dlq.result.>";
  }
}
