package dev.resultstore.runner.fault;

import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.testing.TestServices;
import dev.resultstore.cql.CqlResultStore;
import dev.resultstore.cql.CqlStoreConfig;
import dev.resultstore.nats.EventPublisher;
import dev.resultstore.runner.RunnerProcess;
import dev.resultstore.s3.S3BodyStore;
import dev.resultstore.s3.S3BodyStoreConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Scenario 8: large bodies in the object store. The object store is stopped in the middle of a
 * stream where every other body is over the threshold, and started again 15 seconds later: the
 * runner pauses, dead-letters nothing, and every result is stored with its whole body. Then bodies
 * at and around the threshold land where they should, and the {@code get} command reports a missing
 * object naming its key. Uses an S3Proxy of its own ({@code scripts/s3proxy-instance.sh --name
 * fault}, 127.0.0.1:9001), never the shared one. Run by {@code scripts/fault-suite.sh}.
 */
@EnabledIfSystemProperty(named = "resultstore.fault.heavy", matches = "true")
class ObjectStoreFaultIT {
  private static final int EVENTS = Integer.getInteger("resultstore.fault.objects.events", 3_000);
  private static final int RATE = Integer.getInteger("resultstore.fault.objects.rate", 150);
  private static final int THRESHOLD = 4096;
  private static final Duration DOWN = Duration.ofSeconds(15);

  @Test
  void the_object_store_stopped_mid_stream_loses_nothing_and_dead_letters_nothing()
      throws Exception {
    String endpoint = Scripts.run("s3proxy-instance.sh", "--name", "fault", "start").trim();
    try (Scenario scenario = new Scenario("objects")) {
      String bucket = "rs-fault-" + scenario.names.id().toLowerCase(java.util.Locale.ROOT);
      configure(scenario, endpoint, bucket);
      RunnerProcess runner = scenario.startRunner("runner");
      scenario.awaitReady(runner, Duration.ofMinutes(2));

      Map<String, byte[]> bodies = new HashMap<>();
      List<Publisher.Outgoing> messages = new ArrayList<>();
      for (int i = 0; i < EVENTS; i++) {
        int size = i % 2 == 0 ? 2 * THRESHOLD + i : 200 + i % 100;
        messages.add(event(scenario, Events.APPS.get(i % Events.APPS.size()), size, bodies));
      }

      long start = System.nanoTime();
      CompletableFuture<long[]> publishing = scenario.publishInBackground(messages, RATE);
      scenario.awaitSettled(EVENTS / 4, Duration.ofMinutes(5));
      long settledAtStop = scenario.settled();
      Scripts.run("s3proxy-instance.sh", "--name", "fault", "stop");
      long stopped = System.nanoTime();
      TimeUnit.NANOSECONDS.sleep(DOWN.toNanos());
      long settledWhileDown = scenario.settled();
      Scripts.run("s3proxy-instance.sh", "--name", "fault", "start");
      long answering = System.nanoTime();
      scenario.awaitSettled(settledWhileDown + 100, Duration.ofMinutes(3));
      long storingAgain = System.nanoTime();
      publishing.get(10, TimeUnit.MINUTES);

      // bodies at and around the threshold
      Map<String, Integer> boundary = new HashMap<>();
      List<Publisher.Outgoing> around = new ArrayList<>();
      for (int size : new int[] {THRESHOLD - 1, THRESHOLD, THRESHOLD + 1}) {
        Publisher.Outgoing message = event(scenario, "fault-boundary", size, bodies);
        boundary.put(message.messageId().substring("result-".length()), size);
        around.add(message);
      }
      scenario.publisher().publish(around, 0);

      Set<String> stored = scenario.awaitStored(bodies.keySet(), Duration.ofMinutes(10));
      long done = System.nanoTime();
      long deadLetters =
          scenario.stream().deadLetterCounts().values().stream().mapToLong(Long::longValue).sum();

      SoftAssertions softly = new SoftAssertions();
      int wrongBodies = 0;
      int inObjectStore = 0;
      int uploadsLeftByS3Proxy = 0;
      try (S3BodyStore objects = S3BodyStore.connect(objectStore(endpoint, bucket).build());
          CqlResultStore reader = CqlResultStore.connect(readerConfig(scenario, objects))) {
        for (Map.Entry<String, byte[]> expected : bodies.entrySet()) {
          Optional<InvocationResult> read =
              reader.get(expected.getKey()).toCompletableFuture().get(1, TimeUnit.MINUTES);
          if (read.isEmpty()
              || read.get().body() == null
              || !java.util.Arrays.equals(read.get().body().toByteArray(), expected.getValue())) {
            wrongBodies++;
          }
        }
        inObjectStore = objectCount(endpoint, bucket, "result-bodies/");
        uploadsLeftByS3Proxy = leftovers(endpoint, bucket, "result-bodies/");
        for (Map.Entry<String, Integer> entry : boundary.entrySet()) {
          int objectsOfId = objectCount(endpoint, bucket, "result-bodies/" + entry.getKey() + "/");
          softly
              .assertThat(objectsOfId)
              .as("objects of the body of %d bytes (threshold %d)", entry.getValue(), THRESHOLD)
              .isEqualTo(entry.getValue() > THRESHOLD ? 1 : 0);
        }
      }

      // a missing object on read: the get command names the key and fails
      String victim =
          boundary.entrySet().stream()
              .filter(entry -> entry.getValue() > THRESHOLD)
              .findFirst()
              .orElseThrow()
              .getKey();
      String victimKey = deleteObjects(endpoint, bucket, "result-bodies/" + victim + "/");
      RunnerProcess.Result get =
          RunnerProcess.cli(
              "get", "--config", scenario.directory.resolve("runner.yaml").toString(), victim);

      scenario
          .report
          .put("events", EVENTS)
          .put("ratePerSecond", RATE)
          .put("thresholdBytes", THRESHOLD)
          .put("settledAtStop", settledAtStop)
          .put("settledWhileDown", settledWhileDown - settledAtStop)
          .seconds("objectStoreDown", Duration.ofNanos(answering - stopped))
          .seconds("storingAgainAfterUp", Duration.ofNanos(storingAgain - answering))
          .put("stored", stored.size())
          .put("objects", inObjectStore)
          .put("uploadsLeftByS3Proxy", uploadsLeftByS3Proxy)
          .put("wrongBodies", wrongBodies)
          .put("deadLetters", deadLetters)
          .put("getOfMissingObjectStatus", get.status())
          .seconds("allStored", Duration.ofNanos(done - start));
      softly.assertThat(settledAtStop).as("stopped mid-stream").isLessThan(EVENTS);
      softly.assertThat(runner.isAlive()).as("the same runner process went on").isTrue();
      softly
          .assertThat(Scenario.difference(bodies.keySet(), stored))
          .as("published ids without a row")
          .isEmpty();
      softly.assertThat(wrongBodies).as("results read back without their whole body").isZero();
      softly
          .assertThat(inObjectStore)
          .as("objects: one per body over the threshold")
          .isEqualTo(EVENTS / 2 + 1);
      softly.assertThat(deadLetters).as("dead letters").isZero();
      softly
          .assertThat(scenario.stream().backlog())
          .as("nothing left in the consumer")
          .matches(StreamCheck.Backlog::empty);
      softly.assertThat(get.status()).as("get of a result whose object is gone").isNotZero();
      softly.assertThat(get.err()).as("get's error").contains(victimKey).contains("missing");
      scenario.report.finish(softly.errorsCollected().isEmpty() ? "PASS" : "FAIL");
      softly.assertAll();
    } finally {
      Scripts.run("s3proxy-instance.sh", "--name", "fault", "start");
    }
  }

  private static void configure(Scenario scenario, String endpoint, String bucket)
      throws java.io.IOException {
    RunnerSettings settings = scenario.settings;
    settings.objectStoreEndpoint = endpoint;
    settings.objectStoreBucket = bucket;
    settings.objectThresholdBytes = THRESHOLD;
    settings.objectStoreAccessKeyFile =
        Files.writeString(scenario.directory.resolve("s3-access-key"), TestServices.s3AccessKey());
    settings.objectStoreSecretKeyFile =
        Files.writeString(scenario.directory.resolve("s3-secret-key"), TestServices.s3SecretKey());
  }

  /** A succeeded result whose body is a JSON string of exactly {@code size} bytes. */
  private static Publisher.Outgoing event(
      Scenario scenario, String requestId, int size, Map<String, byte[]> bodies) {
    String id = Events.newInvocationId();
    byte[] body = new byte[size];
    java.util.Arrays.fill(body, (byte) 'b');
    body[0] = '"';
    body[size - 1] = '"';
    bodies.put(id, body);
    Instant now = Instant.now();
    String json =
        "{\"version\":\"v1\",\"invocationID\":\""
            + id
            + "\",\"serverlessRequestID\":\""
            + requestId
            + "\",\"mode\":\"async\",\"state\":\"succeeded\",\"statusCode\":200,\"body\":"
            + new String(body, StandardCharsets.US_ASCII)
            + ",\"startedAt\":\""
            + now
            + "\",\"completedAt\":\""
            + now
            + "\"}";
    return new Publisher.Outgoing(
        scenario.names.resultSubject(requestId),
        EventPublisher.resultMessageId(id),
        json.getBytes(StandardCharsets.UTF_8));
  }

  private static S3BodyStoreConfig.Builder objectStore(String endpoint, String bucket) {
    return S3BodyStoreConfig.builder()
        .endpoint(URI.create(endpoint))
        .bucket(bucket)
        .accessKeyId(TestServices.s3AccessKey())
        .secretAccessKey(TestServices.s3SecretKey());
  }

  private static CqlStoreConfig readerConfig(Scenario scenario, S3BodyStore objects) {
    return CqlStoreConfig.builder()
        .contactPoints(scenario.settings.cqlHosts)
        .localDatacenter(scenario.settings.datacenter)
        .keyspace(scenario.names.keyspace())
        .autoMigrate(false)
        .requestTimeout(Duration.ofSeconds(30))
        .objectStore(objects)
        .build();
  }

  private static S3Client client(String endpoint) {
    return S3Client.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(TestServices.s3AccessKey(), TestServices.s3SecretKey())))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  /**
   * The objects under {@code prefix} named as the body store names them ({@code
   * result-bodies/<id>/<version>}). S3Proxy's file system store writes an upload to {@code
   * <key>-<uuid>} and renames it when done; stopped in the middle, it leaves that file behind and
   * lists it as an object, which no S3 server would: {@link #leftovers} counts those apart.
   */
  private static int objectCount(String endpoint, String bucket, String prefix) {
    return (int) keys(endpoint, bucket, prefix).stream().filter(BODY_KEY.asPredicate()).count();
  }

  /** The files under {@code prefix} that are not bodies: uploads S3Proxy left when stopped. */
  private static int leftovers(String endpoint, String bucket, String prefix) {
    return (int)
        keys(endpoint, bucket, prefix).stream().filter(BODY_KEY.asPredicate().negate()).count();
  }

  private static final java.util.regex.Pattern BODY_KEY =
      java.util.regex.Pattern.compile("^result-bodies/[^/]+/\\d+\\.\\d+$");

  private static List<String> keys(String endpoint, String bucket, String prefix) {
    try (S3Client client = client(endpoint)) {
      return client
          .listObjectsV2Paginator(list -> list.bucket(bucket).prefix(prefix))
          .contents()
          .stream()
          .map(object -> object.key())
          .filter(key -> !key.endsWith("/")) // S3Proxy lists its directories
          .toList();
    }
  }

  /** Deletes the objects under {@code prefix}; returns the last key deleted. */
  private static String deleteObjects(String endpoint, String bucket, String prefix) {
    Set<String> keys = new HashSet<>();
    try (S3Client client = client(endpoint)) {
      client.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(prefix)).contents().stream()
          .filter(object -> !object.key().endsWith("/")) // S3Proxy lists its directories
          .forEach(
              object -> {
                client.deleteObject(delete -> delete.bucket(bucket).key(object.key()));
                keys.add(object.key());
              });
    }
    return keys.stream().findFirst().orElseThrow(() -> new AssertionError("no object " + prefix));
  }
}
