package dev.resultstore.core.internal;

import java.util.List;

/**
 * What a read-only check of a service found: one line per thing looked at ({@code found}) and one
 * per thing that keeps the runner from working as configured ({@code problems}). A check changes
 * nothing; what the runner would create or update at startup is a finding, not a problem.
 *
 * @param found what was seen, e.g. {@code stream RUNTIME_SERVERLESS: 1204 messages, ...}
 * @param problems what must be fixed first; empty when the service is usable as configured
 */
public record SetupReport(List<String> found, List<String> problems) {

  /** Copies both lists. */
  public SetupReport {
    found = List.copyOf(found);
    problems = List.copyOf(problems);
  }

  /** Whether nothing must be fixed. */
  public boolean usable() {
    return problems.isEmpty();
  }
}
