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
