package dev.resultstore.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The machine and versions a run measured, for the report. */
final class BenchEnvironment {
  private BenchEnvironment() {}

  static Map<String, Object> describe(String natsVersion, String cqlVersion, CpuMeter cpu) {
    Map<String, Object> environment = new LinkedHashMap<>();
    environment.put("cpus", Runtime.getRuntime().availableProcessors());
    environment.put(
        "java",
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    environment.put(
        "os",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    environment.put("max_heap_mb", Rates.mebibytes(Runtime.getRuntime().maxMemory()));
    environment.put(
        "jvm_arguments", List.copyOf(ManagementFactory.getRuntimeMXBean().getInputArguments()));
    environment.put(
        "garbage_collectors",
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(GarbageCollectorMXBean::getName)
            .toList());
    environment.put("nats_server", natsVersion);
    environment.put("cql_server", cqlVersion);
    environment.put("processes_measured", new LinkedHashMap<>(cpu.pids()));
    environment.put(
        "step_order",
        List.of(
            "ceiling",
            "ours",
            "lookups",
            "ours_markers_off",
            "store_direct",
            "seed",
            "waits",
            "large_mix"));
    return environment;
  }
}
