package dev.resultstore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resultstore.core.PermanentStoreException;
import dev.resultstore.core.ResultStoreException;
import dev.resultstore.core.TransientStoreException;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class StoreFailuresTest {

  @Test
  void the_cause_behind_stage_wrappers_is_classified_by_the_modules_rule() {
    IllegalArgumentException refused = new IllegalArgumentException("key too long");
    ResultStoreException error =
        StoreFailures.classify(
            new CompletionException(new ExecutionException(refused)),
            "object store",
            "put",
            cause -> cause instanceof IllegalArgumentException,
            Throwable::getMessage);

    assertThat(error)
        .isInstanceOf(PermanentStoreException.class)
        .hasMessage("object store: put failed: key too long")
        .hasCause(refused);
  }

  @Test
  void what_the_rule_does_not_call_permanent_is_an_outage() {
    ResultStoreException error =
        StoreFailures.classify(
            new IOException("connection reset"),
            "CQL store",
            "write",
            cause -> false,
            String::valueOf);

    assertThat(error)
        .isInstanceOf(TransientStoreException.class)
        .hasMessage("CQL store: write failed: java.io.IOException: connection reset");
  }

  @Test
  void an_exception_of_ours_is_kept_as_it_is() {
    PermanentStoreException ours = new PermanentStoreException("bad body", null);

    assertThat(
            StoreFailures.classify(
                new CompletionException(ours),
                "CQL store",
                "write",
                cause -> false,
                String::valueOf))
        .isSameAs(ours);
  }
}
