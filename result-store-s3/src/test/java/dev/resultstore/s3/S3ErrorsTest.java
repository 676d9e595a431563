package dev.resultstore.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resultstore.core.PermanentStoreException;
import dev.resultstore.core.TransientStoreException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3ErrorsTest {

  @Test
  void an_unreachable_server_or_a_timeout_is_transient() {
    SdkClientException refused =
        SdkClientException.builder()
            .message("Unable to execute HTTP request: Connection refused")
            .cause(new ConnectException("Connection refused"))
            .build();

    assertThat(S3Errors.classify(new CompletionException(refused), "storing"))
        .isInstanceOf(TransientStoreException.class)
        .hasMessageContaining("object store: storing failed")
        .hasMessageContaining("Connection refused");
    assertThat(S3Errors.classify(ApiCallTimeoutException.builder().message("late").build(), "x"))
        .isInstanceOf(TransientStoreException.class);
  }

  @Test
  void server_errors_throttling_denied_credentials_and_a_missing_bucket_are_transient() {
    for (String[] error :
        new String[][] {
          {"500", "InternalError"},
          {"503", "SlowDown"},
          {"403", "AccessDenied"},
          {"403", "InvalidAccessKeyId"},
          {"404", "NoSuchBucket"}
        }) {
      assertThat(S3Errors.classify(s3(Integer.parseInt(error[0]), error[1]), "storing"))
          .as(error[1])
          .isInstanceOf(TransientStoreException.class)
          .hasMessageContaining(error[1]);
    }
  }

  @Test
  void a_body_or_key_the_server_refuses_as_such_is_permanent() {
    assertThat(S3Errors.classify(s3(400, "EntityTooLarge"), "storing"))
        .isInstanceOf(PermanentStoreException.class);
    assertThat(S3Errors.classify(s3(400, "KeyTooLongError"), "storing"))
        .isInstanceOf(PermanentStoreException.class);
    assertThat(S3Errors.classify(new IllegalArgumentException("key too long"), "storing"))
        .isInstanceOf(PermanentStoreException.class);
  }

  @Test
  void a_missing_object_is_told_apart_from_a_missing_bucket() {
    assertThat(S3Errors.isMissingObject(s3(404, "NoSuchKey"))).isTrue();
    assertThat(S3Errors.isMissingObject(s3(404, "NoSuchBucket"))).isFalse();
    assertThat(S3Errors.isMissingObject(s3(403, "AccessDenied"))).isFalse();
  }

  private static S3Exception s3(int status, String code) {
    return (S3Exception)
        S3Exception.builder()
            .statusCode(status)
            .message(code)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build())
            .build();
  }
}
