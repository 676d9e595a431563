package dev.resultstore.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.support.Status;
import org.junit.jupiter.api.Test;

class NatsConnectorTest {

  @Test
  void pulls_the_server_ends_or_refuses_with_a_status_reach_the_listener_with_their_code() {
    CountingListener listener = new CountingListener();
    NatsConnector.ErrorLogger errors = new NatsConnector.ErrorLogger(null, listener);

    // what jnats tells the error listener when nextMessage answers null (a warning) or throws
    errors.pullStatusWarning(null, null, new Status(409, "Leadership Change"));
    errors.pullStatusWarning(null, null, new Status(408, "Request Timeout"));
    errors.pullStatusError(null, null, new Status(409, "Consumer Deleted"));

    assertThat(listener.pullStatuses(409)).isEqualTo(2);
    assertThat(listener.pullStatuses(408)).isEqualTo(1);
  }
}
