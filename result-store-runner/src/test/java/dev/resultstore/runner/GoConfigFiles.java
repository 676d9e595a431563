package dev.resultstore.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The YAML files the Go runtime ships for its result store (repository
 * LokiWager/gpu-operator-runtime, commit 5ec0ab5), kept byte for byte under {@code
 * src/test/resources/go-runtime}: {@code config/local/result-store.yaml}, the {@code
 * result-store.yaml} entry of {@code config/manager/process_config.yaml}, and the README's two
 * examples (the result store's own keys, and the {@code serverless} block of every process).
 */
final class GoConfigFiles {
  /** The host names those files use; tests replace them, and nothing else. */
  static final String NATS_URL = "nats://nats.messaging.svc.cluster.local:4222";

  static final String SCYLLA_HOST = "scylla-client.runtime-data.svc.cluster.local:9042";

  private GoConfigFiles() {}

  /** {@code config/local/result-store.yaml}. */
  static String local() {
    return resource("local-result-store.yaml");
  }

  /** The {@code result-store.yaml} entry of the result store's ConfigMap in the process config. */
  static String processConfigSection() {
    try (MappingIterator<JsonNode> documents =
        new YAMLMapper().readerFor(JsonNode.class).readValues(resource("process_config.yaml"))) {
      while (documents.hasNext()) {
        JsonNode section = documents.next().path("data").path("result-store.yaml");
        if (section.isTextual()) {
          return section.asText();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError("process_config.yaml has no result-store.yaml entry");
  }

  /** The README's result-store example followed by its serverless example: one file. */
  static String readme() {
    return resource("readme-result-store.yaml") + resource("readme-serverless.yaml");
  }

  /** {@code text} with the Go files' hosts replaced by {@code natsUrl} and {@code scyllaHost}. */
  static String withHosts(String text, String natsUrl, String scyllaHost) {
    return text.replace(NATS_URL, natsUrl).replace(SCYLLA_HOST, scyllaHost);
  }

  private static String resource(String name) {
    try (InputStream in = GoConfigFiles.class.getResourceAsStream("/go-runtime/" + name)) {
      if (in == null) {
        throw new AssertionError("no test resource go-runtime/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
