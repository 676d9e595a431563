package dev.resultstore.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.resultstore.config.ResultStoreConfig;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.cql.CqlResultStore;
import dev.resultstore.cql.CqlStoreConfig;
import dev.resultstore.nats.GeneratedEvents;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * Where the CQL server's CPU per result goes: the parts of the store's write path written alone and
 * together, variant after variant in rounds (alternating, one JVM), each into a keyspace of its own
 * with the store's schema, and the CQL server's CPU per result of each printed side by side. Not
 * part of the bench's report: a measuring program for the write path's cost.
 *
 * <pre>
 * java -cp result-store-bench.jar dev.resultstore.bench.WriteCost CONFIG [N] [ROUNDS] [VARIANTS] [PACE]
 * </pre>
 *
 * <p>With {@code PACE} (results per second), each round starts its writes on that schedule instead
 * of keeping {@code maxInFlightWrites} in flight, and prints the writes' latency percentiles, each
 * from its scheduled start: the write path's latency below its saturation.
 *
 * <p>Variants: {@code gorow}, {@code rowgocols}, {@code gocolsunset}, {@code row}, {@code
 * rowunset}, {@code marker}, {@code markerapart}, {@code ceiling}, {@code store}, {@code
 * storelinger0} (the default list), and {@code storelinger5}, {@code storelinger10}, {@code
 * storenomarker}, {@code storenomarkerlinger10}, {@code acrossrows}, {@code acrossall}, {@code
 * storeshards1} (every time-lookup row of an hour in one partition), {@code storeonepartition} and
 * {@code storenomarkeronepartition} (one application, one time shard and a 10 ms linger: the lookup
 * rows of a window all in one partition of each lookup table, grouping's upper bound) by name.
 */
public final class WriteCost {
  private static final int WARM_UP = 20_000;

  private final CqlStoreConfig base;
  private final RawCql raw;
  private final CpuMeter cpu;
  private final PrintWriter err = new PrintWriter(System.err, true);
  private final String id = String.format(Locale.ROOT, "%06x", System.nanoTime() & 0xFFFFFF);
  private final int concurrency;

  private WriteCost(CqlStoreConfig base) {
    this.base = base;
    this.raw = RawCql.connect(base);
    this.cpu =
        CpuMeter.discover(List.of(), base.contactPoints().stream().map(RawCql::address).toList());
    this.concurrency = base.maxInFlightWrites();
  }

  /** Runs the variants; arguments: the configuration file, N, rounds, variant names (optional). */
  public static void main(String[] args) throws Exception {
    ResultStoreConfig settings = ResultStoreConfig.load(Path.of(args[0]), System.getenv());
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 40_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    List<String> names = args.length > 3 ? List.of(args[3].split(",")) : List.of();
    int pace = args.length > 4 ? Integer.parseInt(args[4]) : 0;
    WriteCost probe = new WriteCost(settings.cql());
    try {
      probe.run(count, rounds, names, pace);
    } finally {
      probe.raw.close();
    }
    System.exit(0);
  }

  private CqlStoreConfig config(String variant) {
    return base.toBuilder().keyspace("bench_cost_" + id + "_" + variant).autoMigrate(true).build();
  }

  /** One way of writing a result, set up on a keyspace of its own. */
  private interface Variant extends AutoCloseable {
    CompletionStage<?> write(InvocationResult result);

    /** Requests sent to the server so far, or -1 when not counted. */
    default long requests() {
      return -1;
    }

    /** The applications of the events this variant writes. */
    default List<String> applications() {
      return Benchmark.APPS;
    }

    @Override
    default void close() {}
  }

  private Variant variant(String name) {
    CqlStoreConfig config = config(name);
    try (CqlResultStore schema = CqlResultStore.connect(config)) {
      // creates the keyspace and tables
    }
    CqlSession session = raw.session();
    return switch (name) {
      case "gorow" -> {
        GoRowStep go = new GoRowStep(session, config);
        yield result -> session.executeAsync(go.row(result, Instant.now()));
      }
      case "row" -> rows(config, false, false, false);
      case "rowunset" -> rows(config, true, false, false);
      case "rowgocols" -> goColumns(config, true);
      case "gocolsunset" -> goColumns(config, false);
      case "marker" -> rows(config, false, true, false);
      case "markerapart" -> rows(config, false, true, true);
      case "ceiling" -> {
        CeilingRows rows = new CeilingRows(raw, config);
        yield result -> {
          CeilingRows.Rows r = rows.statements(result, Instant.now());
          return session
              .executeAsync(r.row())
              .thenCompose(
                  ignored ->
                      CompletableFuture.allOf(
                          session.executeAsync(r.lookups().get(0)).toCompletableFuture(),
                          session.executeAsync(r.lookups().get(1)).toCompletableFuture()));
        };
      }
      case "acrossrows" -> across(config, 16, false);
      case "acrossall" -> across(config, 16, true);
      case "store" -> store(config);
      case "storelinger0" -> store(config.toBuilder().lookupLinger(Duration.ZERO).build());
      case "storelinger5" -> store(config.toBuilder().lookupLinger(Duration.ofMillis(5)).build());
      case "storelinger10" -> store(config.toBuilder().lookupLinger(Duration.ofMillis(10)).build());
      case "storeshards1" -> store(config.toBuilder().timeShards(1).build());
      case "storeonepartition" -> onePartition(config.toBuilder());
      case "storenomarkeronepartition" ->
          onePartition(config.toBuilder().expiryMarkerRetention(Duration.ZERO));
      case "storenomarker" ->
          store(config.toBuilder().expiryMarkerRetention(Duration.ZERO).build());
      case "storenomarkerlinger10" ->
          store(
              config.toBuilder()
                  .expiryMarkerRetention(Duration.ZERO)
                  .lookupLinger(Duration.ofMillis(10))
                  .build());
      default -> throw new IllegalArgumentException("no variant " + name);
    };
  }

  /**
   * The store with one time shard and a 10 ms linger, writing the events of one application: every
   * lookup row of a window goes to one partition of each lookup table.
   */
  private Variant onePartition(CqlStoreConfig.Builder config) {
    return store(
        config.timeShards(1).lookupLinger(Duration.ofMillis(10)).build(),
        Benchmark.APPS.subList(0, 1));
  }

  private Variant store(CqlStoreConfig config) {
    return store(config, Benchmark.APPS);
  }

  private Variant store(CqlStoreConfig config, List<String> applications) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    CqlResultStore store = CqlResultStore.connect(config, registry);
    return new Variant() {
      @Override
      public CompletionStage<?> write(InvocationResult result) {
        return store.write(result);
      }

      @Override
      public long requests() {
        for (Meter meter : registry.getMeters()) {
          if (meter.getId().getName().contains("cql-requests")) {
            for (Measurement measurement : meter.measure()) {
              if (measurement.getStatistic() == Statistic.COUNT) {
                return (long) measurement.getValue();
              }
            }
          }
        }
        return -1;
      }

      @Override
      public List<String> applications() {
        return applications;
      }

      @Override
      public void close() {
        store.close();
      }
    };
  }

  /**
   * Results grouped across partitions (as a grouping per replica set would on a cluster whose nodes
   * each hold every partition): up to {@code size} results (or 2 ms) share one unlogged batch of
   * their rows and markers, then (when {@code lookups}) one of all their lookup rows; a result with
   * a body over 2 KiB writes its chunks, its row and marker, and its lookups alone. The batches
   * exceed the server's batch size warning: run with {@code
   * -Ddatastax-java-driver.advanced.request.log-warnings=false}.
   */
  private Variant across(CqlStoreConfig config, int size, boolean lookups) {
    CeilingRows rows = new CeilingRows(raw, config);
    CqlSession session = raw.session();
    PreparedStatement mark = prepareMark(session, config);
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "write-cost-linger");
              thread.setDaemon(true);
              return thread;
            });
    record Pending(
        List<BoundStatement> first, List<BoundStatement> then, CompletableFuture<Void> done) {}
    Object lock = new Object();
    List<List<Pending>> open = new ArrayList<>();
    open.add(new ArrayList<>());
    Consumer<List<Pending>> send =
        group -> {
          List<BoundStatement> first = new ArrayList<>();
          List<BoundStatement> then = new ArrayList<>();
          group.forEach(
              p -> {
                first.addAll(p.first());
                then.addAll(p.then());
              });
          CompletionStage<?> a =
              session.executeAsync(
                  BatchStatement.newInstance(DefaultBatchType.UNLOGGED)
                      .addAll(first)
                      .setConsistencyLevel(config.writeConsistency())
                      .setIdempotent(true));
          CompletionStage<?> b =
              then.isEmpty()
                  ? a
                  : a.thenCompose(
                      ignored ->
                          session.executeAsync(
                              BatchStatement.newInstance(DefaultBatchType.UNLOGGED)
                                  .addAll(then)
                                  .setConsistencyLevel(config.writeConsistency())
                                  .setIdempotent(true)));
          b.whenComplete(
              (ignored, error) ->
                  group.forEach(
                      p -> {
                        if (error != null) p.done().completeExceptionally(error);
                        else p.done().complete(null);
                      }));
        };
    return result -> {
      CeilingRows.Rows r = rows.statements(result, Instant.now());
      BoundStatement markStatement = markOf(mark, config, result, r.row());
      if (!r.chunks().isEmpty() || (result.body() != null && result.body().size() > 2048)) {
        CompletableFuture<?>[] chunks =
            r.chunks().stream()
                .map(c -> session.executeAsync(c).toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(chunks)
            .thenCompose(
                ignored ->
                    session.executeAsync(
                        BatchStatement.newInstance(
                                DefaultBatchType.UNLOGGED, r.row(), markStatement)
                            .setConsistencyLevel(config.writeConsistency())
                            .setIdempotent(true)))
            .thenCompose(
                ignored ->
                    lookups
                        ? CompletableFuture.allOf(
                            session.executeAsync(r.lookups().get(0)).toCompletableFuture(),
                            session.executeAsync(r.lookups().get(1)).toCompletableFuture())
                        : CompletableFuture.completedFuture(null));
      }
      Pending pending =
          new Pending(
              List.of(r.row(), markStatement),
              lookups ? r.lookups() : List.of(),
              new CompletableFuture<>());
      List<Pending> full = null;
      synchronized (lock) {
        List<Pending> group = open.get(0);
        group.add(pending);
        if (group.size() == 1) {
          timer.schedule(
              () -> {
                List<Pending> due;
                synchronized (lock) {
                  if (open.get(0) != group) return;
                  due = group;
                  open.set(0, new ArrayList<>());
                }
                send.accept(due);
              },
              2,
              TimeUnit.MILLISECONDS);
        }
        if (group.size() >= size) {
          full = group;
          open.set(0, new ArrayList<>());
        }
      }
      if (full != null) send.accept(full);
      return pending.done();
    };
  }

  /** The expiry marker's UPDATE, as the store writes it. */
  private static PreparedStatement prepareMark(CqlSession session, CqlStoreConfig config) {
    return session.prepare(
        "UPDATE "
            + RawCql.table(config.keyspace(), config.statusTable())
            + " USING TIMESTAMP ? AND TTL ? SET expires_at = ? WHERE invocation_id = ?");
  }

  /**
   * The expiry marker of {@code result}, whose results row is {@code row}, as the store binds it.
   */
  private static BoundStatement markOf(
      PreparedStatement mark, CqlStoreConfig config, InvocationResult result, BoundStatement row) {
    long timestamp =
        result.completedAt().getEpochSecond() * 1_000_000L + result.completedAt().getNano() / 1000;
    int ttl = row.getInt(row.getPreparedStatement().getVariableDefinitions().size() - 1);
    return mark.bind(
            timestamp,
            ttl + (int) config.expiryMarkerRetention().toSeconds(),
            result.completedAt().plus(config.retention()),
            result.invocationId())
        .setConsistencyLevel(config.writeConsistency())
        .setIdempotent(true);
  }

  /** The results row as the store writes it (CeilingRows binds it so), with variations. */
  private Variant rows(CqlStoreConfig config, boolean unset, boolean marker, boolean apart) {
    CeilingRows rows = new CeilingRows(raw, config);
    CqlSession session = raw.session();
    PreparedStatement mark = prepareMark(session, config);
    return result -> {
      CeilingRows.Rows r = rows.statements(result, Instant.now(), unset);
      if (!marker) {
        return session.executeAsync(r.row());
      }
      BoundStatement markStatement = markOf(mark, config, result, r.row());
      if (apart) {
        return CompletableFuture.allOf(
            session.executeAsync(r.row()).toCompletableFuture(),
            session.executeAsync(markStatement).toCompletableFuture());
      }
      return session.executeAsync(
          BatchStatement.newInstance(DefaultBatchType.UNLOGGED, r.row(), markStatement)
              .setConsistencyLevel(config.writeConsistency())
              .setIdempotent(true));
    };
  }

  /** The Go row's 17 columns with our timestamp and TTL (nulls bound or left unset). */
  private Variant goColumns(CqlStoreConfig config, boolean bindNulls) {
    CqlSession session = raw.session();
    PreparedStatement insert =
        session.prepare(
            SimpleStatement.newInstance(
                "INSERT INTO "
                    + RawCql.table(config.keyspace(), config.resultsTable())
                    + " ("
                    + String.join(", ", GoRowStep.COLUMNS)
                    + ") VALUES ("
                    + GoRowStep.COLUMNS.stream().map(c -> "?").collect(Collectors.joining(", "))
                    + ") USING TIMESTAMP ? AND TTL ?"));
    int retention = (int) config.retention().toSeconds();
    return result -> {
      byte[] body = result.body() == null ? null : result.body().toByteArray();
      boolean dropped = body != null && body.length > config.maxInlineBodyBytes();
      BoundStatementBuilder row =
          insert
              .boundStatementBuilder()
              .setConsistencyLevel(config.writeConsistency())
              .setIdempotence(true);
      Object[] values = {
        result.invocationId(),
        result.serverlessRequestId(),
        result.mode().wireValue(),
        result.state().wireValue(),
        result.failureClass(),
        result.workerName(),
        result.workerNamespace(),
        result.statusCode(),
        result.contentType(),
        result.headers().isEmpty() ? null : result.headers(),
        body == null || dropped ? null : ByteBuffer.wrap(body),
        result.bodyBytes(),
        dropped,
        result.error(),
        result.startedAt(),
        result.completedAt(),
        result.storedAt()
      };
      for (int i = 0; i < values.length; i++) {
        if (values[i] == null) {
          if (bindNulls) {
            row.setToNull(i);
          }
        } else if (values[i] instanceof Map<?, ?> map) {
          @SuppressWarnings("unchecked")
          Map<String, String> headers = (Map<String, String>) map;
          row.setMap(i, headers, String.class, String.class);
        } else if (values[i] instanceof String text) {
          row.setString(i, text);
        } else if (values[i] instanceof Integer number) {
          row.setInt(i, number);
        } else if (values[i] instanceof Long number) {
          row.setLong(i, number);
        } else if (values[i] instanceof Boolean flag) {
          row.setBoolean(i, flag);
        } else if (values[i] instanceof ByteBuffer bytes) {
          row.setByteBuffer(i, bytes);
        } else {
          row.setInstant(i, (Instant) values[i]);
        }
      }
      row.setLong(17, result.completedAt().getEpochSecond() * 1_000_000L);
      row.setInt(18, retention);
      return session.executeAsync(row.build());
    };
  }

  /**
   * Starts {@code count} writes at {@code perSecond}, each on its schedule (at most {@code
   * maxInFlightWrites} in flight), and records each one's latency from its scheduled start.
   */
  private StepResult paced(
      String label,
      int count,
      int perSecond,
      IntFunction<CompletionStage<?>> write,
      LatencyHistogram latencies)
      throws InterruptedException {
    Semaphore inFlight = new Semaphore(concurrency);
    AtomicLong errors = new AtomicLong();
    CpuMeter.Snapshot before = cpu.snapshot();
    long start = System.nanoTime();
    long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
    for (int i = 0; i < count; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      inFlight.acquire();
      write
          .apply(i)
          .whenComplete(
              (ignored, error) -> {
                latencies.record((System.nanoTime() - due) / 1000);
                if (error != null) {
                  errors.incrementAndGet();
                }
                inFlight.release();
              });
    }
    if (!inFlight.tryAcquire(concurrency, 60, TimeUnit.SECONDS)) {
      throw new IllegalStateException(label + ": writes still in flight after 60 s");
    }
    long nanos = System.nanoTime() - start;
    if (errors.get() > 0) {
      Progress.note(err, label + ": " + errors.get() + " writes failed");
    }
    return new StepResult(
        count - errors.get(), count, nanos, errors.get(), CpuMeter.cores(before, cpu.snapshot()));
  }

  private void run(int count, int rounds, List<String> names, int pace) throws Exception {
    List<String> variants =
        names.isEmpty()
            ? List.of(
                "gorow",
                "rowgocols",
                "gocolsunset",
                "row",
                "rowunset",
                "marker",
                "markerapart",
                "ceiling",
                "store",
                "storelinger0")
            : names;
    Map<String, Variant> made = new LinkedHashMap<>();
    for (String name : variants) {
      made.put(name, variant(name));
    }
    Map<String, List<double[]>> measured = new LinkedHashMap<>();
    for (int round = 0; round <= rounds; round++) {
      for (Map.Entry<String, Variant> entry : made.entrySet()) {
        int n = round == 0 ? WARM_UP : count;
        Variant variant = entry.getValue();
        GeneratedEvents events =
            new GeneratedEvents(
                round * 1_000_003L + entry.getKey().hashCode(),
                n,
                variant.applications(),
                1024,
                1024 * 1024 + 512 * 1024,
                Instant.now());
        raw.settle(Duration.ofSeconds(60));
        long requestsBefore = variant.requests();
        IntFunction<CompletionStage<?>> write = index -> variant.write(events.result(index));
        LatencyHistogram latencies = new LatencyHistogram();
        StepResult step =
            pace > 0
                ? paced(entry.getKey(), n, pace, write, latencies)
                : WriteSteps.timed(
                    entry.getKey(), n, concurrency, write, cpu, err, Duration.ofSeconds(60));
        long requests = variant.requests() - requestsBefore;
        Map<String, Double> micros = step.cpuMicrosPerItem();
        double cql = micros.getOrDefault(CpuMeter.CQL, 0.0);
        double client = micros.getOrDefault(CpuMeter.BENCH, 0.0);
        String line =
            String.format(
                Locale.ROOT,
                "round %d %-14s %7d %8.0f/s  CQL %7.1f us/res  client %6.1f us/res  cql cores %.2f"
                    + "  other %.2f%s",
                round,
                entry.getKey(),
                step.items(),
                step.perSecond(),
                cql,
                client,
                step.cpuCores().getOrDefault(CpuMeter.CQL, 0.0),
                step.cpuCores().getOrDefault(CpuMeter.OTHER, 0.0),
                requestsBefore < 0
                    ? ""
                    : String.format(
                        Locale.ROOT,
                        "  requests/res %.3f (lookup rows per group %.2f)",
                        requests / (double) n,
                        2.0 * n / Math.max(1, requests - n)));
        if (pace > 0) {
          Latencies.Summary summary = latencies.summary();
          line +=
              String.format(
                  Locale.ROOT,
                  "  latency ms p50 %.2f p99 %.2f max %.2f",
                  summary.p50Ms(),
                  summary.p99Ms(),
                  summary.maxMs());
        }
        System.out.println(line);
        if (round > 0) {
          measured.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(new double[] {cql});
        }
      }
    }
    System.out.println("CQL server us per result, rounds 1.." + rounds + ":");
    double go =
        measured.containsKey("gorow")
            ? measured.get("gorow").stream().mapToDouble(v -> v[0]).average().orElse(0)
            : 0;
    for (Map.Entry<String, List<double[]>> entry : measured.entrySet()) {
      double mean = entry.getValue().stream().mapToDouble(v -> v[0]).average().orElse(0);
      System.out.printf(
          Locale.ROOT,
          "%-14s mean %7.1f  %s%s%n",
          entry.getKey(),
          mean,
          entry.getValue().stream()
              .map(v -> String.format(Locale.ROOT, "%.1f", v[0]))
              .collect(Collectors.joining(" ")),
          go > 0 ? String.format(Locale.ROOT, "  x go row %.2f", mean / go) : "");
    }
    for (Map.Entry<String, Variant> entry : made.entrySet()) {
      entry.getValue().close();
      raw.dropKeyspace(config(entry.getKey()).keyspace());
    }
  }
}
