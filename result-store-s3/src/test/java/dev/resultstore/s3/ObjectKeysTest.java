package dev.resultstore.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ObjectKeysTest {
  private final ObjectKeys keys = new ObjectKeys("result-bodies/");

  @Test
  void a_key_is_the_prefix_the_invocation_id_and_the_version() {
    assertThat(keys.key("inv-0123abcd", "1783935676.123456789"))
        .isEqualTo("result-bodies/inv-0123abcd/1783935676.123456789");
    assertThat(keys.directory("inv-0123abcd")).isEqualTo("result-bodies/inv-0123abcd/");
  }

  @Test
  void ids_with_slashes_dots_or_other_characters_stay_one_key_segment() {
    assertThat(keys.key("a/b", "1.0")).isEqualTo("result-bodies/a%2Fb/1.0");
    assertThat(keys.key("..", "1.0")).isEqualTo("result-bodies/%2E%2E/1.0");
    assertThat(keys.key("caf\u00e9 x", "1.0")).isEqualTo("result-bodies/caf%C3%A9%20x/1.0");
  }

  @Test
  void two_ids_never_share_a_directory() {
    assertThat(keys.directory("a%2Fb")).isNotEqualTo(keys.directory("a/b"));
    assertThat(keys.directory("inv-1")).isNotEqualTo(keys.directory("inv-1/x"));
  }
}
