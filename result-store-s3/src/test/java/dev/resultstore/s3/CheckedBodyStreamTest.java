package dev.resultstore.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resultstore.core.BodyPointer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CheckedBodyStreamTest {
  private static final byte[] BODY = "{\"n\":[1,2,3]}".getBytes(StandardCharsets.UTF_8);

  @Test
  void the_pointed_body_reads_to_its_end() throws IOException {
    try (InputStream stream = new CheckedBodyStream(new ByteArrayInputStream(BODY), pointer())) {
      assertThat(stream.readAllBytes()).isEqualTo(BODY);
    }
  }

  @Test
  void other_bytes_of_the_same_size_fail_at_the_end_naming_the_key() {
    byte[] other = BODY.clone();
    other[5] = '9';
    InputStream stream = new CheckedBodyStream(new ByteArrayInputStream(other), pointer());

    assertThatThrownBy(stream::readAllBytes)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("bucket-a/k/1");
  }

  @Test
  void a_shorter_object_fails_at_the_end() {
    InputStream stream =
        new CheckedBodyStream(new ByteArrayInputStream(BODY, 0, BODY.length - 1), pointer());

    assertThatThrownBy(stream::readAllBytes).isInstanceOf(IOException.class);
  }

  private static BodyPointer pointer() {
    return new BodyPointer("bucket-a", "k/1", BODY.length, BodyChecksum.of(ByteBuffer.wrap(BODY)));
  }
}
