package dev.resultstore.nats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FailureClassTest {

  @Test
  void the_wire_names_are_the_contracts_dead_letter_classes() {
    assertThat(Arrays.stream(FailureClass.values()).map(FailureClass::wireName))
        .containsExactly("malformed_message", "retry_exhausted");
  }
}
