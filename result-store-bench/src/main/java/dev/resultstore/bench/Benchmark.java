package dev.resultstore.bench;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import dev.resultstore.config.ResultStoreConfig;
import dev.resultstore.cql.CqlResultStore;
import dev.resultstore.cql.CqlStoreConfig;
import dev.resultstore.nats.GeneratedEvents;
import dev.resultstore.nats.NatsSourceConfig;
import dev.resultstore.s3.S3BodyStore;
import dev.resultstore.s3.S3BodyStoreConfig;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * One bench run in streams and keyspaces of its own (deleted at the end unless kept): publish and
 * warm up (untimed), then ceiling, go row, the wide ceiling, ours, lookups, ceiling again, the NATS
 * floor unpaced and paced, store direct, seed and ours under load, each step's keyspace dropped and
 * compactions awaited before the next. Progress goes to {@code err}.
 */
final class Benchmark {
  /** The serverless applications the events are spread over. */
  static final List<String> APPS =
      IntStream.range(0, 32)
          .mapToObj(i -> String.format(Locale.ROOT, "bench-app-%02d", i))
          .toList();

  /** The keyspace and step name of "ours, markers off". */
  private static final String MARKERS_OFF = "ours_markers_off";

  /** The keyspace and step name of the ceiling with the lookup rows of before their slimming. */
  private static final String WIDE_CEILING = "wide_ceiling";

  private static final Duration SETTLE_LIMIT = Duration.ofSeconds(90);
  private static final int WARM_UP_EVENTS = 30_000;
  private static final int LOOKUP_WARM_UP = 20_000;

  /** The loads ours' latencies are measured at, as fractions of its maximum rate. */
  private static final List<Double> LOADS = List.of(0.5, 0.9);

  /** How long each load is offered (at most the run's number of events). */
  private static final Duration LOAD_DURATION = Duration.ofSeconds(10);

  private final NatsSourceConfig natsConfig;
  private final CqlStoreConfig cqlConfig;
  private final S3BodyStoreConfig objectStoreConfig;
  private final BenchOptions options;
  private final PrintWriter err;
  private final long seed;
  private final String id;

  Benchmark(
      NatsSourceConfig natsConfig,
      CqlStoreConfig cqlConfig,
      BenchOptions options,
      PrintWriter err,
      long seed) {
    this(natsConfig, cqlConfig, null, options, err, seed);
  }

  /**
   * @param objectStoreConfig the configured object store, for the large mix's second path; {@code
   *     null} when none is configured (the large mix then runs with CQL chunks only)
   */
  Benchmark(
      NatsSourceConfig natsConfig,
      CqlStoreConfig cqlConfig,
      S3BodyStoreConfig objectStoreConfig,
      BenchOptions options,
      PrintWriter err,
      long seed) {
    this.natsConfig = natsConfig;
    this.cqlConfig = cqlConfig;
    this.objectStoreConfig = objectStoreConfig;
    this.options = options;
    this.err = err;
    this.seed = seed;
    this.id = String.format(Locale.ROOT, "%08x", seed & 0xFFFFFFFFL);
  }

  String stream(String step) {
    return "BENCH_" + id.toUpperCase(Locale.ROOT) + "_" + step.toUpperCase(Locale.ROOT);
  }

  String prefix(String step) {
    return "bench." + id + "." + step;
  }

  String consumer(String step) {
    return "bench-" + id + "-" + step;
  }

  String keyspace(String step) {
    return "bench_" + id + "_" + step;
  }

  /** Runs every step; the report says whether every count added up. */
  BenchReport run() throws InterruptedException {
    Instant startedAt = Instant.now();
    CpuMeter cpu =
        CpuMeter.discover(
            natsConfig.servers().stream().map(Benchmark::natsAddress).toList(),
            cqlConfig.contactPoints().stream().map(RawCql::address).toList(),
            objectStoreAddresses());
    int events = options.events();
    int seedEvents = Math.min(options.seedEvents(), events);
    int concurrency = Math.min(natsConfig.maxInFlight(), cqlConfig.maxInFlightWrites());
    List<String> streams = List.of(stream("ours"), stream("seed"), stream("warmup"));
    List<String> keyspaces =
        List.of(
            keyspace("ceiling"),
            keyspace("ours"),
            keyspace("ceiling_after"),
            keyspace("direct"),
            keyspace("seed"),
            keyspace("warmup"),
            keyspace("gorow"),
            keyspace(WIDE_CEILING),
            keyspace("latency"),
            keyspace(MARKERS_OFF),
            keyspace("waits"),
            keyspace("large_cql"),
            keyspace("large_objects"));
    Progress.note(err, "run " + id + ": streams " + streams + ", keyspaces " + keyspaces);
    BenchResources resources = new BenchResources(err);
    try {
      BenchNats nats = resources.add(BenchNats.connect(natsConfig));
      RawCql raw = resources.add(RawCql.connect(storeConfig("ours")));
      int large = largeBodyBytes(nats.maxPayload());
      GeneratedEvents generated =
          new GeneratedEvents(seed, events, APPS, options.bodyBytes(), large, startedAt);
      nats.createStream(stream("ours"), prefix("ours"), natsConfig.streamReplicas());
      resources.stream(nats, stream("ours"));
      nats.createStream(stream("seed"), prefix("seed"), natsConfig.streamReplicas());
      resources.stream(nats, stream("seed"));
      nats.createStream(stream("warmup"), prefix("warmup"), natsConfig.streamReplicas());
      resources.stream(nats, stream("warmup"));
      resources.keyspaces(raw, keyspaces);
      publish(nats, "ours", generated, events);
      publish(nats, "seed", generated, seedEvents);
      try (CqlResultStore warm = CqlResultStore.connect(storeConfig("warmup"))) {
        warmUp(nats, raw, warm, concurrency, large);
      }
      finished(raw, "warmup");

      StepResult ceilingBefore = ceiling(raw, "ceiling", false, generated, concurrency, cpu);
      StepResult goRow = goRow(raw, generated, concurrency, cpu);
      StepResult wideCeiling = ceiling(raw, WIDE_CEILING, true, generated, concurrency, cpu);
      // The pipeline's warm-up runs right before ours: run earlier, the steps in between (their
      // own code on the same driver threads) had the JIT recompile much of the pipeline's path
      // during ours (about a third of the bench JVM's CPU in ours, 2026-12-05).
      try (CqlResultStore warm = CqlResultStore.connect(storeConfig("warmup"))) {
        warmUpPipeline(nats, warm, Math.min(WARM_UP_EVENTS, options.events()));
      }
      finished(raw, "warmup");
      PipelineStep.Outcome pipeline;
      LookupStep.Outcome lookups;
      try (CqlResultStore ours = CqlResultStore.connect(storeConfig("ours"))) {
        settle(raw);
        pipeline =
            PipelineStep.run(
                "ours", sourceConfig("ours"), ours, nats, events, cpu, err, options.stall());
      }
      settle(raw);
      lookups = lookups(raw, generated, cpu);
      finished(raw, "ours");
      PipelineStep.Outcome markersOff = markersOff(raw, nats, events, cpu);
      StepResult ceilingAfter = ceiling(raw, "ceiling_after", false, generated, concurrency, cpu);
      StepResult floor =
          NatsFloorStep.run(
              "nats floor",
              0,
              nats,
              stream("ours"),
              prefix("ours"),
              consumer("floor"),
              events,
              natsConfig.fetchBatchSize(),
              cpu,
              err,
              options.stall());
      StepResult pacedFloor =
          NatsFloorStep.run(
              "nats floor paced",
              pipeline.step().perSecond(),
              nats,
              stream("ours"),
              prefix("ours"),
              consumer("floor-paced"),
              events,
              natsConfig.fetchBatchSize(),
              cpu,
              err,
              options.stall());
      StepResult direct = direct(raw, generated, concurrency, cpu);
      StepResult seedStep = seed(raw, nats, seedEvents, cpu);
      List<LoadLatency> underLoad =
          underLoad(nats, raw, resources, pipeline.step().perSecond(), large, cpu);
      WaitsStep.Outcome waits = waits(raw, nats, resources, cpu);
      LargeMixReport largeMix = largeMix(raw, cpu);
      return new BenchReport(
          id,
          startedAt,
          BenchEnvironment.describe(nats.serverVersion(), raw.releaseVersion(), cpu),
          events,
          options.bodyBytes(),
          large,
          concurrency,
          pipeline.step(),
          pipeline.counts(),
          seedStep,
          ceilingBefore,
          ceilingAfter,
          floor,
          pacedFloor,
          direct,
          lookups.reader(),
          lookups.raw(),
          options.lookupConcurrency(),
          lookups.misses(),
          lookups.readerCpuMicros(),
          lookups.rawCpuMicros(),
          lookups.cores(),
          pipeline.peakHeap(),
          pipeline.peakAfterGc(),
          resources.describe(options.keep()),
          goRow,
          underLoad,
          ResultStoreConfig.describe(natsConfig, cqlConfig),
          markersOff.step(),
          waits,
          largeMix,
          wideCeiling);
    } finally {
      resources.close(options.keep());
    }
  }

  /**
   * The ceiling step, into the keyspace of {@code step}; with {@code wideLookupRows}, the lookup
   * rows carry the summary columns they had before they were slimmed ({@link WideLookupColumns}).
   */
  private StepResult ceiling(
      RawCql raw,
      String step,
      boolean wideLookupRows,
      GeneratedEvents events,
      int concurrency,
      CpuMeter cpu)
      throws InterruptedException {
    CqlStoreConfig config = storeConfig(step);
    try (CqlResultStore schema = CqlResultStore.connect(config)) {
      Progress.note(err, "keyspace " + schema.config().keyspace() + " created");
    }
    if (wideLookupRows) {
      WideLookupColumns.add(raw, config);
    }
    CeilingRows rows = new CeilingRows(raw, config);
    settle(raw);
    StepResult result =
        WriteSteps.ceiling(
            step.replace('_', ' '),
            raw.session(),
            rows,
            events,
            concurrency,
            cpu,
            err,
            options.stall());
    finished(raw, step);
    return result;
  }

  /** The go row step, into a keyspace of its own with the store's schema. */
  private StepResult goRow(RawCql raw, GeneratedEvents events, int concurrency, CpuMeter cpu)
      throws InterruptedException {
    try (CqlResultStore schema = CqlResultStore.connect(storeConfig("gorow"))) {
      Progress.note(err, "keyspace " + schema.config().keyspace() + " created");
    }
    GoRowStep rows = new GoRowStep(raw.session(), storeConfig("gorow"));
    settle(raw);
    StepResult result =
        rows.run("go row", raw.session(), events, concurrency, cpu, err, options.stall());
    finished(raw, "gorow");
    return result;
  }

  /**
   * Ours under load: at each of {@link #LOADS} of {@code oursPerSecond}, events published at that
   * rate for about {@link #LOAD_DURATION} (at most as many as the run's) to a fresh stream, into
   * one keyspace.
   */
  private List<LoadLatency> underLoad(
      BenchNats nats,
      RawCql raw,
      BenchResources resources,
      double oursPerSecond,
      int large,
      CpuMeter cpu)
      throws InterruptedException {
    List<LoadLatency> levels = new ArrayList<>();
    if (oursPerSecond <= 0) {
      return levels;
    }
    try (CqlResultStore store = CqlResultStore.connect(storeConfig("latency"))) {
      for (double load : LOADS) {
        String step = "latency" + Math.round(load * 100);
        double perSecond = load * oursPerSecond;
        int count =
            (int) Math.max(1, Math.min(options.events(), perSecond * LOAD_DURATION.toSeconds()));
        GeneratedEvents events =
            new GeneratedEvents(
                seed + step.hashCode(), count, APPS, options.bodyBytes(), large, Instant.now());
        nats.createStream(stream(step), prefix(step), natsConfig.streamReplicas());
        resources.stream(nats, stream(step));
        settle(raw);
        levels.add(
            LoadLatencyStep.run(
                load,
                perSecond,
                sourceConfig(step),
                store,
                nats,
                events,
                cpu,
                err,
                options.stall()));
      }
    }
    finished(raw, "latency");
    return levels;
  }

  /**
   * Step "ours, markers off": the pipeline again on ours' stream (a consumer of its own), the store
   * writing no expiry markers ({@code expiryMarkerRetention} zero), into a keyspace of its own.
   */
  private PipelineStep.Outcome markersOff(RawCql raw, BenchNats nats, int events, CpuMeter cpu)
      throws InterruptedException {
    PipelineStep.Outcome outcome;
    CqlStoreConfig config =
        storeConfig(MARKERS_OFF).toBuilder().expiryMarkerRetention(Duration.ZERO).build();
    try (CqlResultStore store = CqlResultStore.connect(config)) {
      settle(raw);
      outcome =
          PipelineStep.run(
              "ours, markers off",
              natsConfig.toBuilder()
                  .streamName(stream("ours"))
                  .subjectPrefix(prefix("ours"))
                  .consumerName(consumer("ours-markers-off"))
                  .build(),
              store,
              nats,
              events,
              cpu,
              err,
              options.stall());
    }
    finished(raw, MARKERS_OFF);
    return outcome;
  }

  /** Step "waits"; {@code null} when skipped. */
  private WaitsStep.Outcome waits(
      RawCql raw, BenchNats nats, BenchResources resources, CpuMeter cpu)
      throws InterruptedException {
    int count = options.waits();
    if (count == 0) {
      return null;
    }
    GeneratedEvents events =
        new GeneratedEvents(
            seed ^ 0x5741495453L,
            count,
            APPS,
            options.bodyBytes(),
            options.bodyBytes(),
            Instant.now());
    nats.createStream(stream("waits"), prefix("waits"), natsConfig.streamReplicas());
    resources.stream(nats, stream("waits"));
    WaitsStep.Outcome outcome;
    try (CqlResultStore store = CqlResultStore.connect(storeConfig("waits"))) {
      settle(raw);
      outcome =
          WaitsStep.run(
              sourceConfig("waits"),
              store,
              nats,
              events,
              () -> publish(nats, "waits", events, count),
              options.natsMonitor(),
              "result-store-bench-waiter-" + id,
              cpu,
              err,
              options.stall());
    }
    finished(raw, "waits");
    return outcome;
  }

  /**
   * The large-body mix both ways: bodies in CQL chunks, then (when an object store is configured)
   * in the object store; {@code null} when skipped.
   */
  private LargeMixReport largeMix(RawCql raw, CpuMeter cpu) throws InterruptedException {
    int count = options.largeMixEvents();
    if (count == 0) {
      return null;
    }
    LargeMix mix = new LargeMix(seed ^ 0x4C41524745L, count, APPS, Instant.now());
    int concurrency = Math.min(natsConfig.maxInFlight(), cqlConfig.maxInFlightWrites());
    long maxBytes = natsConfig.maxInFlightBytes();
    LargeMixStep.Outcome chunks;
    try (CqlResultStore store = CqlResultStore.connect(storeConfig("large_cql"))) {
      settle(raw);
      chunks =
          LargeMixStep.run(
              "large mix, CQL chunks",
              store,
              mix,
              concurrency,
              maxBytes,
              cpu,
              err,
              options.stall());
    }
    finished(raw, "large_cql");
    LargeMixStep.Outcome objects = null;
    int threshold = cqlConfig.objectThresholdBytes();
    if (objectStoreConfig == null) {
      Progress.note(err, "large mix: no objectStore configured, the object-store path is skipped");
    } else {
      S3BodyStoreConfig bench =
          objectStoreConfig.toBuilder()
              .keyPrefix(objectStoreConfig.keyPrefix() + "bench-" + id + "/")
              .build();
      try (S3BodyStore bodies = S3BodyStore.connect(bench)) {
        try (CqlResultStore store =
            CqlResultStore.connect(
                storeConfig("large_objects").toBuilder().objectStore(bodies).build())) {
          settle(raw);
          objects =
              LargeMixStep.run(
                  "large mix, object store",
                  store,
                  mix,
                  concurrency,
                  maxBytes,
                  cpu,
                  err,
                  options.stall());
        }
        if (!options.keep()) {
          deleteObjects(bodies, mix, threshold);
        }
      }
      finished(raw, "large_objects");
    }
    return new LargeMixReport(mix, concurrency, maxBytes, threshold, chunks, objects);
  }

  /** Deletes the large mix's objects (those of bodies over the threshold). */
  private void deleteObjects(S3BodyStore bodies, LargeMix mix, int threshold) {
    int deleted = 0;
    for (int i = 0; i < mix.count(); i++) {
      if (mix.bodySize(i) > threshold) {
        try {
          bodies.deleteAll(mix.invocationId(i)).toCompletableFuture().join();
          deleted++;
        } catch (RuntimeException e) {
          Progress.note(err, "could not delete the objects of " + mix.invocationId(i) + ": " + e);
        }
      }
    }
    Progress.note(
        err, "deleted the objects of " + deleted + " results under " + bodies.config().keyPrefix());
  }

  /** The configured object store's address, when the large mix will use it. */
  private List<InetSocketAddress> objectStoreAddresses() {
    if (objectStoreConfig == null
        || objectStoreConfig.endpoint() == null
        || options.largeMixEvents() == 0) {
      return List.of();
    }
    URI endpoint = objectStoreConfig.endpoint();
    int port = endpoint.getPort();
    if (port < 0) {
      port = "https".equalsIgnoreCase(endpoint.getScheme()) ? 443 : 80;
    }
    return List.of(new InetSocketAddress(endpoint.getHost(), port));
  }

  private StepResult direct(RawCql raw, GeneratedEvents events, int concurrency, CpuMeter cpu)
      throws InterruptedException {
    StepResult step;
    try (CqlResultStore store = CqlResultStore.connect(storeConfig("direct"))) {
      settle(raw);
      step =
          WriteSteps.direct("store direct", store, events, concurrency, cpu, err, options.stall());
    }
    finished(raw, "direct");
    return step;
  }

  private StepResult seed(RawCql raw, BenchNats nats, int count, CpuMeter cpu)
      throws InterruptedException {
    StepResult step;
    try (CqlResultStore store = CqlResultStore.connect(storeConfig("seed"))) {
      settle(raw);
      step =
          SeedStep.run(
              nats,
              stream("seed"),
              prefix("seed"),
              consumer("seed"),
              store,
              count,
              cpu,
              err,
              options.stall());
    }
    finished(raw, "seed");
    return step;
  }

  /**
   * Drops the keyspace of a finished step (unless kept), so that its memtables are not flushed and
   * its tables not compacted while the next step is timed.
   */
  private void finished(RawCql raw, String step) {
    if (!options.keep()) {
      raw.dropKeyspace(keyspace(step));
    }
  }

  /**
   * Warms up this JVM's and the server's code paths, untimed: {@value #WARM_UP_EVENTS} other events
   * (at most, and at most as many as the run's) through the ceiling's and the store's write paths
   * into a keyspace of their own, and published to a stream of their own for {@link
   * #warmUpPipeline}.
   */
  private void warmUp(
      BenchNats nats, RawCql raw, CqlResultStore store, int concurrency, int largeBodyBytes)
      throws InterruptedException {
    int count = Math.min(WARM_UP_EVENTS, options.events());
    // The same mix as the timed events, large bodies included: without them the compiled write
    // path met its first chunked body in a timed step and was compiled again there.
    GeneratedEvents events =
        new GeneratedEvents(~seed, count, APPS, options.bodyBytes(), largeBodyBytes, Instant.now());
    CeilingRows rows = new CeilingRows(raw, storeConfig("warmup"));
    WriteSteps.ceiling(
        "warm-up (rows)",
        raw.session(),
        rows,
        events,
        concurrency,
        CpuMeter.none(),
        err,
        options.stall());
    WriteSteps.direct(
        "warm-up (store)", store, events, concurrency, CpuMeter.none(), err, options.stall());
    publish(nats, "warmup", events, count);
  }

  /**
   * The pipeline's warm-up, right before ours: the events {@link #warmUp} published, through the
   * pipeline, into the warm-up keyspace (made again).
   */
  private void warmUpPipeline(BenchNats nats, CqlResultStore store, int count)
      throws InterruptedException {
    PipelineStep.run(
        "warm-up (pipeline)",
        sourceConfig("warmup"),
        store,
        nats,
        count,
        CpuMeter.none(),
        err,
        options.stall());
  }

  /** The address of a NATS server URL ({@code nats://host:port}, {@code host:port}, ...). */
  static InetSocketAddress natsAddress(String url) {
    URI uri = URI.create(url.contains("://") ? url : "nats://" + url);
    return new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 4222 : uri.getPort());
  }

  /** The bench's copy of the configured source settings, on its own stream. */
  NatsSourceConfig sourceConfig(String step) {
    return natsConfig.toBuilder()
        .streamName(stream(step))
        .subjectPrefix(prefix(step))
        .consumerName(consumer(step))
        .build();
  }

  /** The bench's copy of the configured store settings, in its own keyspace. */
  CqlStoreConfig storeConfig(String step) {
    return cqlConfig.toBuilder().keyspace(keyspace(step)).autoMigrate(true).build();
  }

  /**
   * A body over the inline limit (so it is stored in chunks) when the NATS server accepts such a
   * message; else as large as it accepts.
   */
  private int largeBodyBytes(long maxPayload) {
    long fits = maxPayload - 64 * 1024;
    long wanted = (long) cqlConfig.maxInlineBodyBytes() + 512 * 1024;
    long large = Math.max(options.bodyBytes(), Math.min(wanted, fits));
    if (options.bodyBytes() > fits) {
      throw new BenchException(
          "a body of "
              + options.bodyBytes()
              + " bytes does not fit in a message: the NATS server accepts at most "
              + maxPayload
              + " bytes",
          null);
    }
    return (int) large;
  }

  private void publish(BenchNats nats, String step, GeneratedEvents events, int count) {
    AtomicLong published = new AtomicLong();
    Progress progress =
        Progress.start(
            err, "publish to " + stream(step), count, published::get, Duration.ofSeconds(5));
    try {
      nats.publish(stream(step), prefix(step), events, count, published);
    } finally {
      progress.close();
    }
  }

  private void settle(RawCql raw) throws InterruptedException {
    Duration waited = raw.settle(SETTLE_LIMIT);
    Progress.note(
        err, String.format(Locale.ROOT, "settled for %.1f s", waited.toMillis() / 1000.0));
  }

  /** The lookups, on the rows of ours, the reader and the plain SELECT on one session. */
  private LookupStep.Outcome lookups(RawCql raw, GeneratedEvents events, CpuMeter cpu)
      throws InterruptedException {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> ids = new ArrayList<>(options.lookups());
    for (int i = 0; i < options.lookups(); i++) {
      ids.add(events.invocationId(random.nextInt(events.count())));
    }
    PreparedStatement select =
        raw.session()
            .prepare(
                "SELECT * FROM "
                    + RawCql.table(keyspace("ours"), cqlConfig.resultsTable())
                    + " WHERE invocation_id = ?");
    CqlStoreConfig readerConfig = storeConfig("ours").toBuilder().autoMigrate(false).build();
    try (CqlResultStore reader = CqlResultStore.connect(raw.session(), readerConfig)) {
      return LookupStep.run(
          reader,
          raw.session(),
          select,
          cqlConfig.readConsistency(),
          ids,
          Math.min(options.lookups(), LOOKUP_WARM_UP),
          options.lookupConcurrency(),
          cpu,
          err,
          options.stall());
    }
  }
}
