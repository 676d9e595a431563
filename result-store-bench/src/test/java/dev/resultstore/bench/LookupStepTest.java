package dev.resultstore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LookupStepTest {

  @Test
  void the_two_lookups_of_an_id_go_one_each_way_and_the_reader_reads_every_other_id_first() {
    for (int id = 0; id < 1_000; id++) {
      boolean first = LookupStep.viaReader(2 * id);
      boolean second = LookupStep.viaReader(2 * id + 1);

      assertThat(first).as("id %d", id).isNotEqualTo(second);
      assertThat(first).as("the reader reads id %d first", id).isEqualTo(id % 2 == 0);
    }
  }

  @Test
  void any_four_lookups_in_a_row_hold_two_of_each_way() {
    for (int start = 0; start < 1_000; start++) {
      int viaReader = 0;
      for (int operation = start; operation < start + 4; operation++) {
        viaReader += LookupStep.viaReader(operation) ? 1 : 0;
      }

      assertThat(viaReader).as("lookups %d to %d", start, start + 3).isEqualTo(2);
    }
  }

  @Test
  void the_ways_start_as_reader_select_select_reader() {
    assertThat(LookupStep.viaReader(0)).isTrue();
    assertThat(LookupStep.viaReader(1)).isFalse();
    assertThat(LookupStep.viaReader(2)).isFalse();
    assertThat(LookupStep.viaReader(3)).isTrue();
  }
}
