package dev.resultstore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the NATS server's HTTP monitor ({@code /connz}) says about one client connection. */
final class NatsMonitor {
  private static final ObjectMapper JSON = new ObjectMapper();

  private NatsMonitor() {}

  /**
   * The subjects the connection named {@code name} subscribes to; empty when the monitor cannot be
   * reached or lists no such connection (best effort: the bench then reports the count as unknown).
   */
  static Optional<List<String>> subscriptions(URI monitor, String name)
      throws InterruptedException {
    try {
      HttpResponse<String> response =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .build()
              .send(
                  HttpRequest.newBuilder(monitor.resolve("/connz?subs=1&limit=100000"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return Optional.empty();
      }
      for (JsonNode connection : JSON.readTree(response.body()).path("connections")) {
        if (name.equals(connection.path("name").asText())) {
          List<String> subjects = new ArrayList<>();
          connection.path("subscriptions_list").forEach(subject -> subjects.add(subject.asText()));
          return Optional.of(subjects);
        }
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
