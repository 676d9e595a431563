package dev.resultstore.runner.fault;

import dev.resultstore.nats.GeneratedEvents;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * Invocation ids and applications of the fault scenarios' events (made by {@link GeneratedEvents}).
 */
final class Events {
  /** The serverless applications a scenario's events are spread over. */
  static final List<String> APPS = IntStream.range(0, 7).mapToObj(i -> "fault-app-" + i).toList();

  private Events() {}

  /** A fresh invocation id: {@code inv-} and 32 hex digits. */
  static String newInvocationId() {
    byte[] random = new byte[16];
    ThreadLocalRandom.current().nextBytes(random);
    return "inv-" + HexFormat.of().formatHex(random);
  }
}
