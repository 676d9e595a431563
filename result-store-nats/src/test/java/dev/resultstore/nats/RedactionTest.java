package dev.resultstore.nats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void masks_the_password_and_keeps_the_user_host_and_port() {
    assertThat(Redaction.urls("connecting to nats://alice:hunter2@nats-0:4222 failed"))
        .isEqualTo("connecting to nats://alice:****@nats-0:4222 failed");
  }

  @Test
  void masks_a_token_in_the_user_part() {
    assertThat(Redaction.urls("tls://s3cr3t@nats-0:4222")).isEqualTo("tls://****@nats-0:4222");
  }

  @Test
  void masks_urls_of_any_scheme_and_without_one_in_lists() {
    assertThat(Redaction.urls(List.of("http://bob:pw1@a:1", "bob:pw2@b:4222", "nats://c:4222")))
        .containsExactly("http://bob:****@a:1", "bob:****@b:4222", "nats://c:4222");
    assertThat(Redaction.urls("[nats://a:pw3@x:1, nats://b:pw4@y:2]"))
        .isEqualTo("[nats://a:****@x:1, nats://b:****@y:2]");
  }

  @Test
  void leaves_text_without_secrets_alone() {
    assertThat(Redaction.urls("nats://127.0.0.1:4222")).isEqualTo("nats://127.0.0.1:4222");
    assertThat(Redaction.urls((String) null)).isNull();
  }
}
