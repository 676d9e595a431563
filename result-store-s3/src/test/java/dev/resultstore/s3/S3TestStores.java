package dev.resultstore.s3;

import dev.resultstore.core.testing.TestServices;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Object stores for integration tests against the real S3-compatible server. */
final class S3TestStores {
  private S3TestStores() {}

  /** A bucket name unique to this test run: {@code rs-it-} and 12 hex digits. */
  static String uniqueBucket() {
    return "rs-it-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** A configuration for the test server with {@code bucket}, created when missing. */
  static S3BodyStoreConfig.Builder config(String bucket) {
    return S3BodyStoreConfig.builder()
        .endpoint(TestServices.s3Endpoint())
        .accessKeyId(TestServices.s3AccessKey())
        .secretAccessKey(TestServices.s3SecretKey())
        .bucket(bucket)
        .createBucket(true);
  }

  /** A plain client of the test server, for checks and changes outside the store. */
  static S3Client plainClient() {
    return S3Client.builder()
        .endpointOverride(TestServices.s3Endpoint())
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(TestServices.s3AccessKey(), TestServices.s3SecretKey())))
        .requestChecksumCalculation(
            software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(
            software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  /** Deletes every object of {@code bucket}, then the bucket. */
  static void dropBucket(S3Client client, String bucket) {
    if (!bucket.startsWith("rs-it-")) {
      return;
    }
    try {
      client.listObjectsV2Paginator(list -> list.bucket(bucket)).contents().stream()
          .filter(object -> !object.key().endsWith("/")) // S3Proxy lists its directories
          .forEach(
              object -> client.deleteObject(delete -> delete.bucket(bucket).key(object.key())));
      client.deleteBucket(delete -> delete.bucket(bucket));
    } catch (software.amazon.awssdk.services.s3.model.NoSuchBucketException e) {
      // already gone
    }
  }

  /** Waits up to a minute for {@code stage} and returns its value. */
  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("the stage did not complete normally: " + e, e);
    }
  }

  /** Waits up to a minute for {@code stage} to fail and returns why. */
  static Throwable failureOf(CompletionStage<?> stage) {
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
