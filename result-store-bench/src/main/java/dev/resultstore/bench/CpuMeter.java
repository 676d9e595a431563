package dev.resultstore.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the CPU goes during a step, from Linux's {@code /proc}: the cores used by this JVM (the
 * bench and the pipeline under test), by the CQL server and by the NATS server the bench talks to
 * when they run on this machine (found by their listening sockets), and by everything else. Best
 * effort: without {@code /proc} it reports nothing.
 */
final class CpuMeter {
  static final String BENCH = "bench_jvm";
  static final String CQL = "cql_server";
  static final String NATS = "nats_server";
  static final String OTHER = "other";

  /** The object store's server (S3Proxy, MinIO, ...) when it runs on this machine. */
  static final String OBJECT_STORE = "object_store";

  /** Linux reports CPU time in clock ticks of 1/100 s ({@code USER_HZ}) on every common build. */
  private static final double TICKS_PER_SECOND = 100.0;

  private static final Path PROC = Path.of("/proc");

  private final Map<String, List<Long>> pids;

  private CpuMeter(Map<String, List<Long>> pids) {
    this.pids = pids;
  }

  /** A meter that measures nothing (its snapshots are empty). */
  static CpuMeter none() {
    return new CpuMeter(Map.of());
  }

  /**
   * Finds this JVM and the local processes listening on the given NATS and CQL addresses (other
   * servers on this machine, for example other clusters on other loopback addresses, are "other").
   */
  static CpuMeter discover(List<InetSocketAddress> nats, List<InetSocketAddress> cql) {
    return discover(nats, cql, List.of());
  }

  /**
   * The same, and the local processes listening on the object store's addresses (role {@value
   * #OBJECT_STORE}, present only when {@code objectStore} is not empty).
   */
  static CpuMeter discover(
      List<InetSocketAddress> nats,
      List<InetSocketAddress> cql,
      List<InetSocketAddress> objectStore) {
    Map<String, List<Long>> found = new LinkedHashMap<>();
    found.put(BENCH, List.of(ProcessHandle.current().pid()));
    found.put(CQL, new ArrayList<>());
    found.put(NATS, new ArrayList<>());
    if (!objectStore.isEmpty()) {
      found.put(OBJECT_STORE, new ArrayList<>());
    }
    if (!Files.isDirectory(PROC)) {
      return new CpuMeter(found);
    }
    Map<Long, String> roles = new HashMap<>();
    for (long inode : ListeningSockets.inodes(objectStore)) {
      roles.put(inode, OBJECT_STORE);
    }
    for (long inode : ListeningSockets.inodes(nats)) {
      roles.put(inode, NATS);
    }
    for (long inode : ListeningSockets.inodes(cql)) {
      roles.put(inode, CQL);
    }
    if (roles.isEmpty()) {
      return new CpuMeter(found);
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path entry : entries) {
        long pid = Long.parseLong(entry.getFileName().toString());
        String role = ListeningSockets.roleOf(entry, roles);
        if (role != null && pid != ProcessHandle.current().pid()) {
          found.get(role).add(pid);
        }
      }
    } catch (IOException | RuntimeException e) {
      // best effort: report what was found
    }
    return new CpuMeter(found);
  }

  /** The processes found, by role; an empty list when none was. */
  Map<String, List<Long>> pids() {
    return pids;
  }

  /** The CPU time used so far, per role and by the whole machine. */
  Snapshot snapshot() {
    Map<String, Long> ticks = new LinkedHashMap<>();
    pids.forEach((role, list) -> ticks.put(role, list.stream().mapToLong(CpuMeter::ticks).sum()));
    return new Snapshot(System.nanoTime(), ticks, machineBusyTicks());
  }

  /**
   * The cores used per role between two snapshots (1.0 = one core busy all the time), plus {@value
   * #OTHER} for the rest of the machine; empty without {@code /proc}.
   */
  static Map<String, Double> cores(Snapshot before, Snapshot after) {
    Map<String, Double> cores = new LinkedHashMap<>();
    double seconds = (after.nanoTime() - before.nanoTime()) / 1e9;
    if (seconds <= 0 || after.machineTicks() <= 0) {
      return cores;
    }
    long accounted = 0;
    for (Map.Entry<String, Long> entry : after.ticks().entrySet()) {
      long used = entry.getValue() - before.ticks().getOrDefault(entry.getKey(), 0L);
      accounted += used;
      cores.put(entry.getKey(), round(used / TICKS_PER_SECOND / seconds));
    }
    long machine = after.machineTicks() - before.machineTicks();
    cores.put(OTHER, round(Math.max(0, machine - accounted) / TICKS_PER_SECOND / seconds));
    return cores;
  }

  /**
   * The CPU time used per role between two snapshots, in microseconds, added to {@code sums}
   * (without {@value #OTHER}): for summing many short intervals, whose tick counts are coarse one
   * by one but add up without bias.
   */
  static void addMicros(Snapshot before, Snapshot after, Map<String, Long> sums) {
    after
        .ticks()
        .forEach(
            (role, ticks) ->
                sums.merge(
                    role,
                    (long)
                        ((ticks - before.ticks().getOrDefault(role, 0L)) * 1e6 / TICKS_PER_SECOND),
                    Long::sum));
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  /**
   * The CPU time this JVM's JIT compiler threads used so far, in milliseconds ({@code utime +
   * stime} of the threads named {@code C1 CompilerThre...} and {@code C2 CompilerThre...}); 0
   * without {@code /proc}. A compiler thread that ended took its time with it, so this is a lower
   * bound. For telling a step's own work from compilation of code it runs for the first time (or
   * again after another step changed the profile the compiler had used).
   */
  static long jitMillis() {
    Path tasks = PROC.resolve("self").resolve("task");
    long ticks = 0;
    try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
      for (Path thread : threads) {
        try {
          String stat = Files.readString(thread.resolve("stat"));
          int open = stat.indexOf('(');
          int close = stat.lastIndexOf(')');
          if (open < 0 || close < open || !stat.substring(open, close).contains("Compiler")) {
            continue;
          }
          String[] fields = stat.substring(close + 2).split(" ");
          ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return (long) (ticks * 1000 / TICKS_PER_SECOND);
  }

  /** utime + stime of one process, 0 when it is gone. */
  private static long ticks(long pid) {
    try {
      String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** All CPUs' busy ticks (everything but idle and I/O wait); 0 without {@code /proc}. */
  private static long machineBusyTicks() {
    try {
      String first = Files.readAllLines(PROC.resolve("stat")).get(0);
      String[] fields = first.trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < fields.length && i <= 8; i++) {
        if (i != 4 && i != 5) {
          busy += Long.parseLong(fields[i]);
        }
      }
      return busy;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** CPU ticks per role and of the whole machine at {@code nanoTime}. */
  record Snapshot(long nanoTime, Map<String, Long> ticks, long machineTicks) {}
}
