package dev.resultstore.cql;

import java.util.concurrent.CompletionStage;

/**
 * An ordered stream of listed results, newest first ({@link Listed#NEWEST_FIRST}), fetched a page
 * at a time. Used by one query at a time: calls never overlap, though they may come from different
 * threads one after the other.
 */
interface SummarySource {

  /** Whether {@link #head()} is known without fetching. */
  boolean ready();

  /** Fetches until {@link #head()} is known; completes at once when it already is. */
  CompletionStage<Void> fill();

  /** The next listed result, or {@code null} when exhausted. Only once {@link #ready()}. */
  Listed head();

  /** Drops {@link #head()}. */
  void advance();
}
