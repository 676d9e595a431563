package dev.resultstore.runner.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The runner's configuration file for one scenario, in the Go process's YAML format plus our keys
 * (see docs/configuration.md). Fields are set directly; defaults are the contract's except where a
 * scenario needs otherwise.
 */
final class RunnerSettings {
  final Names names;
  String natsUrl;

  /** PEM CA file for NATS TLS; {@code null}: no TLS. */
  Path natsCaFile;

  List<String> cqlHosts = new ArrayList<>();
  String datacenter = "datacenter1";

  /** PEM CA file for CQL TLS; {@code null}: no TLS. */
  Path cqlCaFile;

  int replicationFactor = 1;

  /** Replicas of the stream the runner creates ({@code serverless.streamReplicas}). */
  int streamReplicas = 1;

  String ackWait = "30s";
  int maxDeliver = 5;
  String backoff = "[2s, 10s, 30s]";
  String drainTimeout = "10s";
  String requestTimeout = "10s";
  String logLevel = "INFO";

  /** The object store's endpoint; {@code null}: no object store, every body in CQL. */
  String objectStoreEndpoint;

  String objectStoreBucket;
  int objectThresholdBytes;

  /** Files holding the object store's access key id and secret key. */
  Path objectStoreAccessKeyFile;

  Path objectStoreSecretKeyFile;

  RunnerSettings(Names names) {
    this.names = names;
  }

  /** Writes the file {@code file}, with the HTTP endpoints on 127.0.0.1:{@code httpPort}. */
  Path write(Path file, int httpPort) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("# written by the fault suite (" + getClass().getSimpleName() + ")");
    lines.add("consumerName: " + names.consumer());
    lines.add("ackWait: " + ackWait);
    lines.add("retry:");
    lines.add("  maxDeliver: " + maxDeliver);
    lines.add("  backoff: " + backoff);
    lines.add("serverless:");
    lines.add("  url: " + natsUrl);
    lines.add("  subjectPrefix: " + names.prefix());
    lines.add("  streamName: " + names.stream());
    lines.add("  streamReplicas: " + streamReplicas);
    lines.add("  streamMaxAge: 2h");
    lines.add("  connectTimeout: 5s");
    lines.add("  duplicatesWindow: 30m");
    tls(lines, natsCaFile);
    lines.add("  drainTimeout: " + drainTimeout);
    lines.add("scylla:");
    lines.add("  hosts:");
    for (String host : cqlHosts) {
      lines.add("    - \"" + host + "\"");
    }
    lines.add("  keyspace: " + names.keyspace());
    lines.add("  resultsTable: invocation_results");
    lines.add("  datacenter: " + datacenter);
    tls(lines, cqlCaFile);
    lines.add("  connectTimeout: 5s");
    lines.add("  requestTimeout: " + requestTimeout);
    lines.add("  replicationFactor: " + replicationFactor);
    lines.add("  autoMigrate: true");
    if (objectStoreEndpoint != null) {
      lines.add("objectStore:");
      lines.add("  enabled: true");
      lines.add("  endpoint: " + objectStoreEndpoint);
      lines.add("  bucket: " + objectStoreBucket);
      lines.add("  accessKeyIdFile: " + objectStoreAccessKeyFile.toAbsolutePath());
      lines.add("  secretAccessKeyFile: " + objectStoreSecretKeyFile.toAbsolutePath());
      lines.add("  thresholdBytes: " + objectThresholdBytes);
      lines.add("  createBucket: true");
      lines.add("  requestTimeout: 10s");
    }
    lines.add("http:");
    lines.add("  host: 127.0.0.1");
    lines.add("  port: " + httpPort);
    lines.add("log:");
    lines.add("  level: " + logLevel);
    lines.add("");
    return Files.writeString(file, String.join("\n", lines));
  }

  private static void tls(List<String> lines, Path caFile) {
    lines.add("  tls:");
    if (caFile == null) {
      lines.add("    enabled: false");
    } else {
      lines.add("    enabled: true");
      lines.add("    caFile: " + caFile.toAbsolutePath());
    }
  }
}
