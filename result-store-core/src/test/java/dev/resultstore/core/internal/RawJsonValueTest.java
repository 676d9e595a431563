package dev.resultstore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawJsonValueTest {
  private static final JsonFactory JSON = new JsonFactory();

  @Test
  void every_kind_of_value_is_copied_byte_for_byte_without_the_white_space_after_it()
      throws Exception {
    byte[] json =
        "{\"a\" : { \"x\": [1, 2.50] } ,\"b\":-1.0e3 \n,\"c\":\"t\\u00e9\"\t,\"d\":null}"
            .getBytes(StandardCharsets.UTF_8);
    try (JsonParser parser = JSON.createParser(json)) {
      assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      assertThat(next(parser, json)).isEqualTo("{ \"x\": [1, 2.50] }");
      assertThat(next(parser, json)).isEqualTo("-1.0e3");
      assertThat(next(parser, json)).isEqualTo("\"t\\u00e9\"");
      assertThat(next(parser, json)).isEqualTo("null");
      assertThat(parser.nextToken()).isEqualTo(JsonToken.END_OBJECT);
    }
  }

  private static String next(JsonParser parser, byte[] json) throws Exception {
    assertThat(parser.nextToken()).isEqualTo(JsonToken.FIELD_NAME);
    parser.nextToken();
    return new String(RawJsonValue.copy(parser, json), StandardCharsets.UTF_8);
  }
}
