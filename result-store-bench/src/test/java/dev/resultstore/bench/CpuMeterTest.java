package dev.resultstore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuMeterTest {

  @Test
  void cores_are_ticks_per_second_of_wall_time_and_the_rest_of_the_machine_is_other() {
    CpuMeter.Snapshot before =
        new CpuMeter.Snapshot(0, Map.of(CpuMeter.BENCH, 1_000L, CpuMeter.CQL, 5_000L), 20_000);
    // 10 seconds later: the bench used 5 s of CPU, the CQL server 12 s, the machine 19 s in all.
    CpuMeter.Snapshot after =
        new CpuMeter.Snapshot(
            10_000_000_000L, Map.of(CpuMeter.BENCH, 1_500L, CpuMeter.CQL, 6_200L), 21_900);

    Map<String, Double> cores = CpuMeter.cores(before, after);

    assertThat(cores)
        .containsEntry(CpuMeter.BENCH, 0.5)
        .containsEntry(CpuMeter.CQL, 1.2)
        .containsEntry(CpuMeter.OTHER, 0.2);
  }

  @Test
  void cpu_time_of_many_intervals_adds_up_per_process() {
    Map<String, Long> sums = new java.util.LinkedHashMap<>();
    CpuMeter.Snapshot first = new CpuMeter.Snapshot(0, Map.of(CpuMeter.BENCH, 100L), 0);
    CpuMeter.Snapshot second =
        new CpuMeter.Snapshot(5_000_000L, Map.of(CpuMeter.BENCH, 101L, CpuMeter.CQL, 7L), 0);
    CpuMeter.Snapshot third =
        new CpuMeter.Snapshot(9_000_000L, Map.of(CpuMeter.BENCH, 103L, CpuMeter.CQL, 9L), 0);

    CpuMeter.addMicros(first, second, sums);
    CpuMeter.addMicros(second, third, sums);

    // ticks are 10 ms: the bench used 3 ticks, the CQL server (absent at first) 9
    assertThat(sums).containsEntry(CpuMeter.BENCH, 30_000L).containsEntry(CpuMeter.CQL, 90_000L);
  }

  @Test
  void without_machine_figures_nothing_is_reported() {
    CpuMeter.Snapshot before = new CpuMeter.Snapshot(0, Map.of(CpuMeter.BENCH, 0L), 0);
    CpuMeter.Snapshot after = new CpuMeter.Snapshot(1_000_000_000L, Map.of(CpuMeter.BENCH, 50L), 0);

    assertThat(CpuMeter.cores(before, after)).isEmpty();
  }

  @Test
  void this_jvm_is_always_measured_and_a_listener_is_found_by_its_address() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());

      CpuMeter meter = CpuMeter.discover(List.of(address), List.of());

      long self = ProcessHandle.current().pid();
      assertThat(meter.pids().get(CpuMeter.BENCH)).containsExactly(self);
      // this JVM listens there itself, and is counted once, as the bench
      assertThat(meter.pids().get(CpuMeter.NATS)).doesNotContain(self);
      assertThat(ListeningSockets.inodes(List.of(address))).hasSize(1);
    }
  }

  @Test
  void the_jit_compiler_threads_of_this_jvm_are_found_and_their_cpu_time_only_grows() {
    long first = CpuMeter.jitMillis();
    long sum = 0;
    for (int round = 0; round < 200_000; round++) {
      sum += Long.toHexString(round * 31L).hashCode();
    }
    long second = CpuMeter.jitMillis();

    assertThat(sum).isNotZero();
    assertThat(first).isPositive(); // the JVM compiled its start-up code
    assertThat(second).isGreaterThanOrEqualTo(first);
  }

  @Test
  void kernel_addresses_match_by_ip_and_port_or_any_ip() {
    InetSocketAddress local = new InetSocketAddress("127.0.0.1", 9042);

    assertThat(ListeningSockets.matches("0100007F:2352", List.of(local))).isTrue();
    assertThat(ListeningSockets.matches("00000000:2352", List.of(local))).isTrue();
    assertThat(ListeningSockets.matches("0200007F:2352", List.of(local))).isFalse();
    assertThat(ListeningSockets.matches("0100007F:2353", List.of(local))).isFalse();
    assertThat(ListeningSockets.matches("0000000000000000FFFF00000100007F:2352", List.of(local)))
        .isTrue();
  }
}
