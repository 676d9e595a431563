package dev.resultstore.s3;

import dev.resultstore.core.BodyPointer;
import dev.resultstore.core.BodyStore;
import dev.resultstore.core.PermanentStoreException;
import dev.resultstore.core.ResultStoreException;
import dev.resultstore.core.TransientStoreException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The {@link BodyStore} on an S3-compatible object store (cloud S3, MinIO, Ceph RGW, S3Proxy), with
 * the AWS SDK for Java v2. Keys are {@code <keyPrefix><invocation id>/<version>}; the pointer's
 * checksum is the body's CRC-32C, checked on every whole read and at the end of every stream.
 *
 * <p>The SDK's synchronous client runs on a pool of {@code maxConnections} threads of this store
 * (one call per connection), so no caller thread blocks; the stages complete on those threads.
 * Thread-safe. {@link #close()} stops the pool and the connections.
 */
public final class S3BodyStore implements BodyStore {
  private static final Logger LOG = LoggerFactory.getLogger(S3BodyStore.class);

  /** Calls that may wait for a free connection before {@link #put} and the reads fail at once. */
  private static final int QUEUED_CALLS = 4096;

  private final S3BodyStoreConfig config;
  private final S3Client client;
  private final ObjectKeys keys;
  private final ThreadPoolExecutor calls;

  private S3BodyStore(S3BodyStoreConfig config, S3Client client) {
    this.config = config;
    this.client = client;
    this.keys = new ObjectKeys(config.keyPrefix());
    AtomicInteger threads = new AtomicInteger();
    this.calls =
        new ThreadPoolExecutor(
            config.maxConnections(),
            config.maxConnections(),
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUED_CALLS),
            task -> {
              Thread thread = new Thread(task, "result-store-s3-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.calls.allowCoreThreadTimeOut(true);
  }

  /**
   * Builds the client and checks that the bucket answers (creating it when {@code createBucket});
   * blocks until done. For startup.
   *
   * @throws ResultStoreException when the object store cannot be reached ({@link
   *     TransientStoreException}) or refuses the bucket
   */
  public static S3BodyStore connect(S3BodyStoreConfig config) {
    Objects.requireNonNull(config, "config");
    S3Client client = client(config);
    S3BodyStore store = new S3BodyStore(config, client);
    try {
      store.checkBucket();
    } catch (RuntimeException e) {
      store.close();
      throw S3Errors.classify(e, "checking the bucket " + config.bucket());
    }
    LOG.info(
        "Object store {} bucket {} (key prefix {}) ready",
        config.endpoint() == null ? "region " + config.region() : config.endpoint(),
        config.bucket(),
        config.keyPrefix());
    return store;
  }

  @Override
  public String toString() {
    return "S3BodyStore["
        + (config.endpoint() == null ? config.region() : config.endpoint())
        + ", bucket="
        + config.bucket()
        + ", keyPrefix="
        + config.keyPrefix()
        + "]";
  }

  /** The configuration this store was built with. */
  public S3BodyStoreConfig config() {
    return config;
  }

  @Override
  public CompletionStage<BodyPointer> put(String invocationId, String version, ByteBuffer body) {
    Objects.requireNonNull(body, "body");
    String key = keys.key(invocationId, version);
    String operation = "storing the body of " + invocationId + " at " + location(key);
    return call(
        operation,
        () -> {
          if (key.getBytes(StandardCharsets.UTF_8).length > ObjectKeys.MAX_KEY_BYTES) {
            throw new IllegalArgumentException(
                "the key is longer than " + ObjectKeys.MAX_KEY_BYTES + " bytes");
          }
          ByteBuffer bytes = body.duplicate();
          String checksum = BodyChecksum.of(bytes);
          long size = bytes.remaining();
          client.putObject(
              PutObjectRequest.builder()
                  .bucket(config.bucket())
                  .key(key)
                  .contentLength(size)
                  .contentType("application/json")
                  .build(),
              RequestBody.fromContentProvider(
                  () -> new ByteBufferStream(bytes.duplicate()), size, "application/json"));
          return new BodyPointer(config.bucket(), key, size, checksum);
        });
  }

  @Override
  public CompletionStage<byte[]> get(BodyPointer pointer) {
    return call(
        "reading the body at " + pointer.location(),
        () -> {
          ResponseBytes<GetObjectResponse> object;
          try {
            object = client.getObjectAsBytes(request(pointer).build());
          } catch (S3Exception e) {
            throw missingOr(e, pointer);
          }
          byte[] bytes = object.asByteArrayUnsafe();
          String checksum = BodyChecksum.of(ByteBuffer.wrap(bytes));
          if (bytes.length != pointer.size() || !checksum.equals(pointer.checksum())) {
            throw new PermanentStoreException(
                "object store: the object "
                    + pointer.location()
                    + " is not the body its row points at: "
                    + bytes.length
                    + " bytes, "
                    + checksum
                    + ", expected "
                    + pointer.size()
                    + " bytes, "
                    + pointer.checksum(),
                null);
          }
          return bytes;
        });
  }

  @Override
  public CompletionStage<InputStream> open(BodyPointer pointer) {
    return call(
        "opening the body at " + pointer.location(),
        () -> {
          ResponseInputStream<GetObjectResponse> object;
          try {
            object = client.getObject(request(pointer).build());
          } catch (S3Exception e) {
            throw missingOr(e, pointer);
          }
          return new CheckedBodyStream(object, pointer);
        });
  }

  @Override
  public CompletionStage<Void> deleteAll(String invocationId) {
    String directory = keys.directory(invocationId);
    return call(
        "deleting the bodies of " + invocationId + " under " + location(directory),
        () -> {
          ListObjectsV2Request list =
              ListObjectsV2Request.builder().bucket(config.bucket()).prefix(directory).build();
          for (S3Object object : client.listObjectsV2Paginator(list).contents()) {
            // Our keys never end with '/'; servers on a filesystem (S3Proxy) list their
            // directories as such keys, and refuse to delete them.
            if (!object.key().endsWith("/")) {
              client.deleteObject(delete -> delete.bucket(config.bucket()).key(object.key()));
            }
          }
          return null;
        });
  }

  /** Stops the call pool (calls running finish first, for at most 10 s) and the client. */
  @Override
  public void close() {
    calls.shutdown();
    try {
      if (!calls.awaitTermination(10, TimeUnit.SECONDS)) {
        calls.shutdownNow();
      }
    } catch (InterruptedException e) {
      calls.shutdownNow();
      Thread.currentThread().interrupt();
    }
    client.close();
  }

  private void checkBucket() {
    try {
      client.headBucket(head -> head.bucket(config.bucket()));
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw e;
      }
      if (!config.createBucket()) {
        throw new PermanentStoreException(
            "object store: the bucket "
                + config.bucket()
                + " does not exist; create it (with the lifecycle rule of docs/object-store.md)"
                + " or set createBucket",
            e);
      }
      LOG.info("Creating the bucket {}", config.bucket());
      client.createBucket(create -> create.bucket(config.bucket()));
    }
  }

  private GetObjectRequest.Builder request(BodyPointer pointer) {
    return GetObjectRequest.builder().bucket(pointer.bucket()).key(pointer.key());
  }

  private static RuntimeException missingOr(S3Exception e, BodyPointer pointer) {
    if (S3Errors.isMissingObject(e)) {
      return new PermanentStoreException(
          "object store: the body is missing: no object "
              + pointer.location()
              + " (its row points at it; was it deleted or expired before the row?)",
          e);
    }
    return e;
  }

  private String location(String key) {
    return config.bucket() + "/" + key;
  }

  /** Runs {@code action} on the call pool, classifying its failure. */
  private <T> CompletionStage<T> call(String operation, Supplier<T> action) {
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      calls.execute(
          () -> {
            try {
              result.complete(action.get());
            } catch (RuntimeException e) {
              result.completeExceptionally(S3Errors.classify(e, operation));
            }
          });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(
          new TransientStoreException(
              "object store: "
                  + operation
                  + " refused: "
                  + (calls.isShutdown() ? "the store is closed" : "too many calls waiting"),
              e));
    }
    return result;
  }

  private static S3Client client(S3BodyStoreConfig config) {
    ApacheHttpClient.Builder http =
        ApacheHttpClient.builder()
            .maxConnections(config.maxConnections())
            .connectionTimeout(config.connectTimeout())
            .socketTimeout(config.requestTimeout());
    if (config.tls() != null && config.tls().enabled()) {
      http.socketFactory(new TlsSocketFactory(config.tls()));
    }
    AwsCredentialsProvider credentials =
        config.accessKeyId() == null
            ? DefaultCredentialsProvider.builder().build()
            : StaticCredentialsProvider.create(
                AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey()));
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(http)
            .region(Region.of(config.region()))
            .credentialsProvider(credentials)
            .forcePathStyle(config.pathStyle())
            // SDK 2.30 and later add a CRC trailer (aws-chunked encoding) to every upload and
            // validate response checksums by default. MinIO, Ceph RGW and S3Proxy versions in use
            // reject or mangle those trailers, so checksums are sent and checked only where an
            // operation requires them; the body's integrity is ours to check, with the CRC-32C
            // kept in the row's pointer.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .overrideConfiguration(override -> override.apiCallTimeout(config.requestTimeout()));
    if (config.endpoint() != null) {
      builder.endpointOverride(config.endpoint());
    }
    return builder.build();
  }

  /** A buffer's bytes as a stream, without a copy. */
  private static final class ByteBufferStream extends InputStream {
    private final ByteBuffer buffer;

    ByteBufferStream(ByteBuffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public int read() {
      return buffer.hasRemaining() ? buffer.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
      Objects.checkFromIndexSize(offset, length, target.length);
      if (length == 0) {
        return 0;
      }
      if (!buffer.hasRemaining()) {
        return -1;
      }
      int n = Math.min(length, buffer.remaining());
      buffer.get(target, offset, n);
      return n;
    }

    @Override
    public int available() {
      return buffer.remaining();
    }
  }
}
