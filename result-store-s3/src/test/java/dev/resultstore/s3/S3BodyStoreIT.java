package dev.resultstore.s3;

import static dev.resultstore.s3.S3TestStores.await;
import static dev.resultstore.s3.S3TestStores.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resultstore.core.BodyPointer;
import dev.resultstore.core.PermanentStoreException;
import dev.resultstore.core.TransientStoreException;
import dev.resultstore.core.testing.TestResults;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The body store against a real S3-compatible server (S3Proxy from scripts/services.sh). */
class S3BodyStoreIT {
  private static String bucket;
  private static S3BodyStore store;
  private static S3Client client;

  @BeforeAll
  static void connect() {
    bucket = S3TestStores.uniqueBucket();
    store = S3BodyStore.connect(S3TestStores.config(bucket).build());
    client = S3TestStores.plainClient();
  }

  @AfterAll
  static void dropBucket() {
    store.close();
    S3TestStores.dropBucket(client, bucket);
    client.close();
  }

  @Test
  void a_body_put_reads_back_whole_and_as_a_stream_byte_for_byte() throws IOException {
    byte[] body = randomJson(3 * 1024 * 1024 + 7);
    String id = TestResults.invocationId();

    BodyPointer pointer = await(store.put(id, "1783935676.123456789", ByteBuffer.wrap(body)));

    assertThat(pointer.bucket()).isEqualTo(bucket);
    assertThat(pointer.key()).isEqualTo("result-bodies/" + id + "/1783935676.123456789");
    assertThat(pointer.size()).isEqualTo(body.length);
    assertThat(pointer.checksum()).matches("crc32c:[0-9a-f]{8}");
    assertThat(await(store.get(pointer))).isEqualTo(body);
    try (InputStream stream = await(store.open(pointer))) {
      assertThat(stream.readAllBytes()).isEqualTo(body);
    }
  }

  @Test
  void a_redelivery_overwrites_its_object_and_another_version_gets_its_own() {
    String id = TestResults.invocationId();
    byte[] first = "{\"n\":1}".getBytes(StandardCharsets.UTF_8);
    byte[] later = "{\"n\":22}".getBytes(StandardCharsets.UTF_8);

    BodyPointer once = await(store.put(id, "10.000000001", ByteBuffer.wrap(first)));
    BodyPointer again = await(store.put(id, "10.000000001", ByteBuffer.wrap(first)));
    BodyPointer newer = await(store.put(id, "10.000000002", ByteBuffer.wrap(later)));

    assertThat(again).isEqualTo(once);
    assertThat(newer.key()).isNotEqualTo(once.key());
    assertThat(keysUnder("result-bodies/" + id + "/"))
        .containsExactlyInAnyOrder(once.key(), newer.key());
    assertThat(await(store.get(once))).isEqualTo(first);
    assertThat(await(store.get(newer))).isEqualTo(later);
  }

  @Test
  void a_missing_object_fails_the_reads_naming_its_key() {
    String id = TestResults.invocationId();
    BodyPointer pointer = await(store.put(id, "5.000000000", ByteBuffer.wrap(new byte[] {'1'})));
    client.deleteObject(delete -> delete.bucket(bucket).key(pointer.key()));

    assertThat(failureOf(store.get(pointer)))
        .isInstanceOf(PermanentStoreException.class)
        .hasMessageContaining("missing")
        .hasMessageContaining(bucket + "/" + pointer.key());
    assertThat(failureOf(store.open(pointer)))
        .isInstanceOf(PermanentStoreException.class)
        .hasMessageContaining(bucket + "/" + pointer.key());
  }

  @Test
  void an_object_that_is_not_the_pointed_body_fails_the_read_instead_of_returning_it()
      throws IOException {
    String id = TestResults.invocationId();
    BodyPointer pointer =
        await(
            store.put(
                id, "6.000000000", ByteBuffer.wrap("[1,2,3]".getBytes(StandardCharsets.UTF_8))));
    client.putObject(
        put -> put.bucket(bucket).key(pointer.key()), RequestBody.fromString("[1,2,4]"));

    assertThat(failureOf(store.get(pointer)))
        .isInstanceOf(PermanentStoreException.class)
        .hasMessageContaining("is not the body its row points at");
    try (InputStream stream = await(store.open(pointer))) {
      assertThatThrownBy(stream::readAllBytes)
          .isInstanceOf(IOException.class)
          .hasMessageContaining(pointer.key());
    }
  }

  @Test
  void delete_all_removes_every_version_of_one_invocation_and_no_other() {
    String id = TestResults.invocationId();
    String other = TestResults.invocationId();
    await(store.put(id, "1.000000000", ByteBuffer.wrap(new byte[] {'1'})));
    await(store.put(id, "2.000000000", ByteBuffer.wrap(new byte[] {'2'})));
    BodyPointer kept = await(store.put(other, "1.000000000", ByteBuffer.wrap(new byte[] {'3'})));

    await(store.deleteAll(id));
    await(store.deleteAll(TestResults.invocationId())); // none: completes normally

    assertThat(keysUnder("result-bodies/" + id + "/")).isEmpty();
    assertThat(await(store.get(kept))).isEqualTo(new byte[] {'3'});
  }

  @Test
  void a_put_to_an_unreachable_server_fails_as_transient() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    S3BodyStoreConfig config =
        S3TestStores.config(bucket)
            .endpoint(URI.create("http://127.0.0.1:" + closedPort))
            .requestTimeout(Duration.ofSeconds(5))
            .build();
    assertThatThrownBy(() -> S3BodyStore.connect(config))
        .isInstanceOf(TransientStoreException.class)
        .hasMessageContaining("object store");
  }

  @Test
  void a_put_into_a_bucket_that_disappeared_fails_as_transient() {
    String gone = S3TestStores.uniqueBucket();
    try (S3BodyStore doomed = S3BodyStore.connect(S3TestStores.config(gone).build())) {
      S3TestStores.dropBucket(client, gone);

      Throwable failure =
          failureOf(
              doomed.put(TestResults.invocationId(), "1.0", ByteBuffer.wrap(new byte[] {'1'})));

      assertThat(failure)
          .isInstanceOf(TransientStoreException.class)
          .hasMessageContaining("NoSuchBucket");
    }
  }

  @Test
  void a_missing_bucket_fails_startup_unless_it_may_be_created() {
    String missing = S3TestStores.uniqueBucket();
    assertThatThrownBy(
            () -> S3BodyStore.connect(S3TestStores.config(missing).createBucket(false).build()))
        .isInstanceOf(PermanentStoreException.class)
        .hasMessageContaining("the bucket " + missing + " does not exist");
  }

  private java.util.List<String> keysUnder(String prefix) {
    return client
        .listObjectsV2Paginator(list -> list.bucket(bucket).prefix(prefix))
        .contents()
        .stream()
        .filter(object -> !object.key().endsWith("/")) // S3Proxy lists its directories
        .map(object -> object.key())
        .toList();
  }

  private static byte[] randomJson(int size) {
    byte[] bytes = new byte[size];
    Random random = new Random(size);
    Arrays.fill(bytes, (byte) 'a');
    for (int i = 1; i < size - 1; i++) {
      bytes[i] = (byte) ('a' + random.nextInt(26));
    }
    bytes[0] = '"';
    bytes[size - 1] = '"';
    return bytes;
  }
}
