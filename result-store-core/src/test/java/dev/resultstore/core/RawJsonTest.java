package dev.resultstore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawJsonTest {
  @Test
  void a_buffer_is_copied_from_its_position_and_left_unmoved() {
    ByteBuffer buffer = ByteBuffer.wrap("xx{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    buffer.position(2);

    RawJson json = RawJson.of(buffer);
    buffer.put(2, (byte) '[');

    assertThat(json.toByteArray()).asString(StandardCharsets.UTF_8).isEqualTo("{\"a\":1}");
    assertThat(buffer.position()).isEqualTo(2);
  }

  @Test
  void an_empty_buffer_or_array_is_refused() {
    assertThatThrownBy(() -> RawJson.of(ByteBuffer.allocate(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one byte");
    assertThatThrownBy(() -> RawJson.of(new byte[0])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void an_array_is_copied() {
    byte[] bytes = "[1]".getBytes(StandardCharsets.UTF_8);

    RawJson json = RawJson.of(bytes);
    bytes[1] = '2';

    assertThat(json.toByteArray()).asString(StandardCharsets.UTF_8).isEqualTo("[1]");
  }
}
