package dev.resultstore.nats;

/**
 * The NATS client's counters for a source's connection, as jnats keeps them: totals since the
 * source started (they survive reconnects), and what waits in the client's outgoing buffer now.
 *
 * @param reconnects reconnections after a lost connection
 * @param droppedMessages messages the client dropped because a subscription's pending limit was
 *     reached (a slow consumer)
 * @param inMessages messages received
 * @param outMessages messages published (acknowledgements and dead letters included)
 * @param inBytes bytes received
 * @param outBytes bytes sent
 * @param outgoingPendingMessages messages queued in the client, not yet written to the socket
 * @param outgoingPendingBytes the bytes of those
 */
public record ConnectionStatistics(
    long reconnects,
    long droppedMessages,
    long inMessages,
    long outMessages,
    long inBytes,
    long outBytes,
    long outgoingPendingMessages,
    long outgoingPendingBytes) {

  /** All zeros: before the source started. */
  public static final ConnectionStatistics NONE = new ConnectionStatistics(0, 0, 0, 0, 0, 0, 0, 0);
}
