package dev.resultstore.cql;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.resultstore.core.InvocationResult;
import dev.resultstore.core.PermanentStoreException;
import dev.resultstore.core.RawJson;
import dev.resultstore.core.TransientStoreException;
import dev.resultstore.core.WriteOutcome;
import dev.resultstore.core.testing.TestResults;
import dev.resultstore.core.testing.TestServices;
import dev.resultstore.s3.S3BodyStore;
import dev.resultstore.s3.S3BodyStoreConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The CQL store with its bodies over the threshold in the object store, against a real CQL server
 * and a real S3-compatible server. In the CQL store's package (in this module, which alone has the
 * object store) to reach its package-private body delete.
 */
class ObjectStoreBodiesIT {
  private static final int THRESHOLD = 4096;
  private static String keyspace;
  private static String bucket;
  private static S3BodyStore objects;
  private static CqlResultStore store;
  private static CqlSession session;
  private static S3Client client;

  @BeforeAll
  static void connect() {
    keyspace = "rs_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    bucket = "rs-it-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    objects = S3BodyStore.connect(objectStoreConfig(bucket).createBucket(true).build());
    InetSocketAddress address = TestServices.cqlContactPoint();
    store =
        CqlResultStore.connect(
            CqlStoreConfig.builder()
                .contactPoints(List.of(address.getHostString() + ":" + address.getPort()))
                .localDatacenter(TestServices.cqlDatacenter())
                .keyspace(keyspace)
                .requestTimeout(Duration.ofSeconds(20))
                .connectTimeout(Duration.ofSeconds(10))
                .maxInlineBodyBytes(1024)
                .chunkBytes(1024)
                .objectStore(objects)
                .objectThresholdBytes(THRESHOLD)
                .build());
    session = store.session();
    client =
        S3Client.builder()
            .endpointOverride(TestServices.s3Endpoint())
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        TestServices.s3AccessKey(), TestServices.s3SecretKey())))
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .build();
  }

  @AfterAll
  static void drop() {
    if (keyspace.toLowerCase(Locale.ROOT).startsWith("rs_it_")) {
      try {
        // a schema change waits for the other schema changes of a busy shared server
        session.execute(
            SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + keyspace)
                .setTimeout(Duration.ofMinutes(2)));
      } catch (DriverTimeoutException e) {
        System.err.println("keyspace " + keyspace + " not dropped: " + e.getMessage());
      }
    }
    store.close();
    objects.close();
    client.listObjectsV2Paginator(list -> list.bucket(bucket)).contents().stream()
        .filter(object -> !object.key().endsWith("/")) // S3Proxy lists its directories
        .forEach(object -> client.deleteObject(delete -> delete.bucket(bucket).key(object.key())));
    client.deleteBucket(delete -> delete.bucket(bucket));
    client.close();
  }

  @Test
  void a_body_over_the_threshold_is_an_object_and_the_row_keeps_the_go_columns_and_a_pointer()
      throws IOException {
    RawJson body = jsonOfSize(THRESHOLD + 1);
    InvocationResult result = result(body);

    assertThat(await(store.write(result))).isEqualTo(WriteOutcome.STORED);

    Row row = row(result.invocationId());
    assertThat(row.getByteBuffer("body_inline")).isNull();
    assertThat(row.getLong("body_bytes")).isEqualTo(THRESHOLD + 1);
    assertThat(row.getBoolean("body_truncated")).isTrue();
    assertThat(row.getInt("body_chunks")).isZero();
    assertThat(row.getString("body_object_bucket")).isEqualTo(bucket);
    String key = row.getString("body_object_key");
    assertThat(key).startsWith("result-bodies/" + result.invocationId() + "/");
    assertThat(row.getString("body_object_checksum")).matches("crc32c:[0-9a-f]{8}");
    assertThat(client.headObject(head -> head.bucket(bucket).key(key)).contentLength())
        .isEqualTo(THRESHOLD + 1);
    assertThat(chunkCount(result.invocationId())).isZero();

    assertThat(await(store.get(result.invocationId())).orElseThrow()).isEqualTo(result);
    try (InputStream stream = await(store.openBody(result.invocationId())).orElseThrow()) {
      assertThat(stream.readAllBytes()).isEqualTo(body.toByteArray());
    }
    assertThat(await(store.getSummary(result.invocationId())).orElseThrow().bodyBytes())
        .isEqualTo(THRESHOLD + 1);
  }

  @Test
  void a_body_at_the_threshold_stays_in_cql_and_one_byte_more_goes_to_the_object_store() {
    InvocationResult at = result(jsonOfSize(THRESHOLD));
    InvocationResult over = result(jsonOfSize(THRESHOLD + 1));
    InvocationResult inline = result(jsonOfSize(1024));

    await(store.write(at));
    await(store.write(over));
    await(store.write(inline));

    assertThat(row(at.invocationId()).getString("body_object_key")).isNull();
    assertThat(chunkCount(at.invocationId())).isEqualTo(4);
    assertThat(row(over.invocationId()).getString("body_object_key")).isNotNull();
    assertThat(row(inline.invocationId()).getByteBuffer("body_inline")).isNotNull();
    for (InvocationResult result : List.of(at, over, inline)) {
      assertThat(await(store.get(result.invocationId())).orElseThrow().body())
          .isEqualTo(result.body());
    }
  }

  @Test
  void a_redelivery_overwrites_the_same_object_and_a_newer_inline_result_clears_the_pointer() {
    InvocationResult first = result(jsonOfSize(THRESHOLD * 2));
    await(store.write(first));
    await(store.write(first));
    assertThat(objectKeys(first.invocationId())).hasSize(1);

    InvocationResult newer =
        first.toBuilder()
            .completedAt(first.completedAt().plusSeconds(1))
            .body(RawJson.of("{\"small\":true}"))
            .build();
    await(store.write(newer));

    Row row = row(first.invocationId());
    assertThat(row.getString("body_object_key")).isNull();
    assertThat(row.getBoolean("body_truncated")).isFalse();
    assertThat(await(store.get(first.invocationId())).orElseThrow()).isEqualTo(newer);
  }

  @Test
  void a_missing_object_fails_get_and_open_body_naming_its_key_never_an_empty_body() {
    InvocationResult result = result(jsonOfSize(THRESHOLD + 100));
    await(store.write(result));
    String key = row(result.invocationId()).getString("body_object_key");
    client.deleteObject(delete -> delete.bucket(bucket).key(key));

    assertThat(failureOf(store.get(result.invocationId())))
        .isInstanceOf(PermanentStoreException.class)
        .hasMessageContaining("missing")
        .hasMessageContaining(bucket + "/" + key);
    assertThat(failureOf(store.openBody(result.invocationId())))
        .isInstanceOf(PermanentStoreException.class)
        .hasMessageContaining(bucket + "/" + key);
  }

  @Test
  void a_bounded_get_refuses_a_body_over_its_limit_before_reading_the_object() {
    InvocationResult result = result(jsonOfSize(THRESHOLD * 3));
    await(store.write(result));

    assertThat(failureOf(store.get(result.invocationId(), THRESHOLD)))
        .isInstanceOf(PermanentStoreException.class)
        .hasMessageContaining(THRESHOLD * 3 + " bytes, over this read's limit of " + THRESHOLD)
        .hasMessageContaining("openBody");
    assertThat(await(store.get(result.invocationId(), THRESHOLD * 3)).orElseThrow().body())
        .isEqualTo(result.body());
  }

  @Test
  void a_put_that_fails_for_an_outage_is_transient_and_writes_no_row() {
    String gone = "rs-it-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (S3BodyStore doomed =
            S3BodyStore.connect(objectStoreConfig(gone).createBucket(true).build());
        CqlResultStore onDoomed =
            CqlResultStore.connect(
                session, store.config().toBuilder().objectStore(doomed).build())) {
      client.deleteBucket(delete -> delete.bucket(gone));
      InvocationResult result = result(jsonOfSize(THRESHOLD + 1));

      assertThat(failureOf(onDoomed.write(result))).isInstanceOf(TransientStoreException.class);

      assertThat(session.execute(select(result.invocationId())).one()).isNull();
    }
  }

  @Test
  void deleting_the_body_objects_removes_every_version_of_the_invocation() {
    InvocationResult older = result(jsonOfSize(THRESHOLD + 1));
    InvocationResult newer =
        older.toBuilder().completedAt(older.completedAt().plusSeconds(1)).build();
    await(store.write(older));
    await(store.write(newer));
    assertThat(objectKeys(older.invocationId())).hasSize(2);

    await(store.deleteBodyObjects(older.invocationId()));

    assertThat(objectKeys(older.invocationId())).isEmpty();
  }

  @Test
  void deleting_a_result_removes_its_row_and_every_object_of_its_body() {
    InvocationResult older = result(jsonOfSize(THRESHOLD + 1));
    InvocationResult newer =
        older.toBuilder().completedAt(older.completedAt().plusSeconds(1)).build();
    await(store.write(older));
    await(store.write(newer));
    assertThat(objectKeys(older.invocationId())).hasSize(2);

    assertThat(await(store.delete(older.invocationId()))).isTrue();

    assertThat(session.execute(select(older.invocationId())).one()).isNull();
    assertThat(await(store.get(older.invocationId()))).isEmpty();
    assertThat(objectKeys(older.invocationId())).isEmpty();
  }

  private static S3BodyStoreConfig.Builder objectStoreConfig(String bucketName) {
    return S3BodyStoreConfig.builder()
        .endpoint(TestServices.s3Endpoint())
        .accessKeyId(TestServices.s3AccessKey())
        .secretAccessKey(TestServices.s3SecretKey())
        .bucket(bucketName);
  }

  private static InvocationResult result(RawJson body) {
    return TestResults.result(TestResults.requestId("objects"), Instant.now())
        .replySubject(null) // not stored (the contract says so)
        .body(body)
        .build();
  }

  /** A JSON string of exactly {@code size} bytes. */
  private static RawJson jsonOfSize(int size) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) 'x');
    bytes[0] = '"';
    bytes[size - 1] = '"';
    return RawJson.of(new String(bytes, StandardCharsets.US_ASCII));
  }

  private static Row row(String invocationId) {
    Row row = session.execute(select(invocationId)).one();
    assertThat(row).as("the results row of %s", invocationId).isNotNull();
    return row;
  }

  private static SimpleStatement select(String invocationId) {
    return SimpleStatement.newInstance(
        "SELECT * FROM " + keyspace + ".invocation_results WHERE invocation_id = ?", invocationId);
  }

  private static int chunkCount(String invocationId) {
    return session
        .execute(
            SimpleStatement.newInstance(
                "SELECT chunk_index FROM "
                    + keyspace
                    + ".invocation_results_bodies WHERE invocation_id = ?",
                invocationId))
        .all()
        .size();
  }

  private static List<String> objectKeys(String invocationId) {
    return client
        .listObjectsV2Paginator(
            list -> list.bucket(bucket).prefix("result-bodies/" + invocationId + "/"))
        .contents()
        .stream()
        .filter(object -> !object.key().endsWith("/")) // S3Proxy lists its directories
        .map(object -> object.key())
        .toList();
  }

  private static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("the stage did not complete normally: " + e, e);
    }
  }

  private static Throwable failureOf(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("the stage completed normally");
  }
}
