package dev.resultstore.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a bench run opened and created, so that it is closed and deleted whatever happens: the
 * streams and keyspaces (unless kept), then the two connections.
 */
final class BenchResources {
  private final PrintWriter err;
  private final List<String> streams = new ArrayList<>();
  private final List<String> keyspaces = new ArrayList<>();
  private BenchNats nats;
  private RawCql raw;

  BenchResources(PrintWriter err) {
    this.err = err;
  }

  BenchNats add(BenchNats connection) {
    nats = connection;
    return connection;
  }

  RawCql add(RawCql session) {
    raw = session;
    return session;
  }

  /** A stream created on {@code connection}, to delete at the end. */
  void stream(BenchNats connection, String name) {
    nats = connection;
    streams.add(name);
  }

  /** Keyspaces about to be created, to drop at the end (dropping a missing one is harmless). */
  void keyspaces(RawCql session, List<String> names) {
    raw = session;
    keyspaces.addAll(names);
  }

  /** The names of what the run created, for the report. */
  Map<String, Object> describe(boolean kept) {
    Map<String, Object> described = new LinkedHashMap<>();
    described.put("streams", List.copyOf(streams));
    described.put("keyspaces", List.copyOf(keyspaces));
    described.put("kept", kept);
    return described;
  }

  /** Closes everything; deletes the streams and drops the keyspaces unless {@code keep}. */
  void close(boolean keep) {
    if (keep) {
      Progress.note(err, "kept streams " + streams + " and keyspaces " + keyspaces);
    } else {
      if (nats != null) {
        streams.forEach(nats::deleteStream);
      }
      if (raw != null) {
        Progress.note(err, "dropping keyspaces " + keyspaces);
        for (String keyspace : keyspaces) {
          try {
            raw.dropKeyspace(keyspace);
          } catch (RuntimeException e) {
            Progress.note(err, "could not drop keyspace " + keyspace + ": " + e.getMessage());
          }
        }
      }
    }
    if (raw != null) {
      raw.close();
    }
    if (nats != null) {
      nats.close();
    }
  }
}
