package dev.resultstore.runner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BuildInfoTest {

  @Test
  void a_placeholder_the_build_could_not_fill_reads_as_unknown() {
    assertThat(BuildInfo.known("${git.commit.id.abbrev}")).isEqualTo("unknown");
  }

  @Test
  void an_empty_or_missing_value_reads_as_unknown() {
    assertThat(BuildInfo.known(" ")).isEqualTo("unknown");
    assertThat(BuildInfo.known(null)).isEqualTo("unknown");
  }

  @Test
  void a_filled_value_is_kept() {
    assertThat(BuildInfo.known("4f157ab1c2d3 ")).isEqualTo("4f157ab1c2d3");
  }

  @Test
  void the_build_filled_in_the_version() {
    assertThat(BuildInfo.current().version()).isNotEqualTo("unknown").matches("\\d+\\.\\d+.*");
  }
}
