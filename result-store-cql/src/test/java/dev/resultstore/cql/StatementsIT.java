package dev.resultstore.cql;

import static dev.resultstore.cql.CqlTestStores.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How {@link Statements} binds values, on statements prepared by a real server. */
class StatementsIT {
  private static String keyspace;
  private static CqlResultStore store;
  private static Statements statements;

  @BeforeAll
  static void prepare() {
    keyspace = CqlTestStores.uniqueKeyspace();
    CqlStoreConfig config =
        CqlTestStores.config(keyspace).writeConsistency(DefaultConsistencyLevel.ONE).build();
    store = CqlResultStore.connect(config);
    statements = await(Statements.prepare(store.session(), new Schema(config), config));
  }

  @AfterAll
  static void drop() {
    CqlTestStores.drop(store.session(), keyspace);
    store.close();
  }

  @Test
  void a_write_binds_nulls_as_null_and_a_write_skipping_nulls_leaves_them_unset() {
    Object[] values = {"inv-1", 0, null, 5L, 600};

    BoundStatement write = statements.write(statements.insertChunk, values);
    BoundStatement skipping = statements.writeSkippingNulls(statements.insertChunk, values);

    assertThat(write.isSet(2)).isTrue();
    assertThat(write.isNull(2)).isTrue();
    assertThat(skipping.isSet(2)).as("a null left unset writes no tombstone").isFalse();
    assertThat(skipping.getString(0)).isEqualTo("inv-1");
    assertThat(skipping.getLong(3)).isEqualTo(5L);
    assertThat(write.getConsistencyLevel()).isEqualTo(DefaultConsistencyLevel.ONE);
    assertThat(write.isIdempotent()).isTrue();
  }

  @Test
  void a_read_carries_its_page_size_and_the_read_consistency() {
    BoundStatement read = statements.read(statements.selectSummary, 7, "inv-1");

    assertThat(read.getPageSize()).isEqualTo(7);
    assertThat(read.getConsistencyLevel()).isEqualTo(DefaultConsistencyLevel.LOCAL_QUORUM);
    assertThat(read.getString(0)).isEqualTo("inv-1");
  }

  @Test
  void a_value_of_the_wrong_type_or_count_is_refused() {
    assertThatThrownBy(() -> statements.read(statements.selectSummary, 1, Instant.EPOCH))
        .isInstanceOf(ClassCastException.class);
    assertThatThrownBy(() -> statements.read(statements.selectSummary, 1, "a", "b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 1 values");
  }
}
