package dev.resultstore.cql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.RawJson;
import dev.resultstore.core.testing.TestResults;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BodyLayoutTest {

  @Test
  void a_body_up_to_the_limit_is_inline() {
    BodyLayout layout = BodyLayout.of(withBody(10), 10, 4);

    assertThat(layout.inline().remaining()).isEqualTo(10);
    assertThat(layout.size()).isEqualTo(10);
    assertThat(layout.chunkCount()).isZero();
  }

  @Test
  void a_larger_body_is_split_into_chunks_that_add_up_to_it() {
    InvocationResult result = withBody(11);
    BodyLayout layout = BodyLayout.of(result, 10, 4);

    assertThat(layout.inline()).isNull();
    assertThat(layout.size()).isEqualTo(11);
    assertThat(layout.chunkCount()).isEqualTo(3);
    ByteBuffer joined = ByteBuffer.allocate(11);
    for (int i = 0; i < 3; i++) {
      joined.put(layout.chunk(i));
    }
    assertThat(joined.array()).isEqualTo(result.body().toByteArray());
    assertThat(layout.chunk(2).remaining()).isEqualTo(3);
  }

  @Test
  void a_body_at_the_object_threshold_stays_in_cql_and_one_byte_more_goes_to_the_object_store() {
    BodyLayout atThreshold = BodyLayout.of(withBody(20), 10, 4, 20);
    BodyLayout over = BodyLayout.of(withBody(21), 10, 4, 20);

    assertThat(atThreshold.inObjectStore()).isFalse();
    assertThat(atThreshold.chunkCount()).isEqualTo(5);
    assertThat(over.inObjectStore()).isTrue();
    assertThat(over.chunkCount()).isZero();
    assertThat(over.inline()).isNull();
    assertThat(over.truncated()).isTrue();
    assertThat(over.size()).isEqualTo(21);
    assertThat(over.whole().remaining()).isEqualTo(21);
  }

  @Test
  void a_threshold_under_the_inline_limit_sends_even_small_bodies_to_the_object_store() {
    BodyLayout layout = BodyLayout.of(withBody(8), 10, 4, 5);

    assertThat(layout.inObjectStore()).isTrue();
    assertThat(layout.inline()).isNull();
  }

  @Test
  void without_an_object_store_no_body_goes_there() {
    BodyLayout layout = BodyLayout.of(withBody(1000), 10, 4);

    assertThat(layout.inObjectStore()).isFalse();
    assertThat(layout.chunkCount()).isEqualTo(250);
    assertThat(layout.truncated()).isTrue();
  }

  @Test
  void an_inline_body_is_not_truncated() {
    assertThat(BodyLayout.of(withBody(10), 10, 4, 20).truncated()).isFalse();
  }

  @Test
  void no_body_is_neither_inline_nor_chunked() {
    InvocationResult result =
        TestResults.minimalResult("app", Instant.parse("2026-01-01T00:00:00Z")).build();

    BodyLayout layout = BodyLayout.of(result, 10, 4);

    assertThat(layout.inline()).isNull();
    assertThat(layout.size()).isZero();
    assertThat(layout.chunkCount()).isZero();
  }

  private static InvocationResult withBody(int size) {
    return TestResults.result("app", Instant.parse("2026-01-01T00:00:00Z"))
        .body(RawJson.of("\"" + "b".repeat(size - 2) + "\""))
        .build();
  }
}
