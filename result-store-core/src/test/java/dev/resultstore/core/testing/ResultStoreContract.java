package dev.resultstore.core.testing;

/**
 * The whole store contract, {@link ResultSinkContract}, {@link ResultReaderContract}, {@link
 * ResultAwaitContract} and {@link ResultLifecycleContract}: extend this to run it against a store
 * that is both a {@link dev.resultstore.core.ResultSink} and a {@link
 * dev.resultstore.core.ResultReader}.
 *
 * <pre>{@code
 * class CqlResultStoreContractIT extends ResultStoreContract {
 *   static CqlResultStore store; // opened in @BeforeAll, closed in @AfterAll
 *
 *   protected ResultSink sink() { return store; }
 *   protected ResultReader reader() { return store; }
 *   protected Duration retention() { return Duration.ofDays(7); }
 * }
 * }</pre>
 *
 * <p>A store may be shared by every test and never emptied: the tests use unique ids and random
 * time windows, and keep their data small (at most a few dozen results per test).
 */
public abstract class ResultStoreContract extends ResultLifecycleContract {}
