package dev.graphileworker.postgres.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphileworker.api.WorkerException;
import org.junit.jupiter.api.Test;

/** The history schema is named after the queue's, and quoted as every schema name is. */
class HistorySchemaNameTest {

    @Test
    void theHistorySchemaIsTheQueueSchemaWithASuffixQuotedLikeIt() {
        assertThat(HistorySchema.nameFor("graphile_worker")).isEqualTo("graphile_worker_history");
        assertThat(HistorySchema.quotedNameFor("My \"odd\" Schema")).isEqualTo("\"My \"\"odd\"\" Schema_history\"");
        assertThat(HistorySchema.nameFor("s".repeat(55))).hasSize(63);
    }

    @Test
    void aQueueSchemaNameTooLongForTheSuffixIsRefusedWithTheLimit() {
        assertThatThrownBy(() -> HistorySchema.nameFor("é".repeat(28))).isInstanceOf(WorkerException.class)
                .hasMessageContaining("64 bytes").hasMessageContaining("at most 55 bytes");
    }

    @Test
    void unquoteUndoesQuote() {
        for (String name : new String[] {"graphile_worker", "My \"odd\" Schema", "\"", "a\"\"b", " "}) {
            assertThat(SchemaName.unquote(SchemaName.quote(name))).isEqualTo(name);
        }
        for (String notQuoted : new String[] {"graphile_worker", "\"a\"b\"", "\"\"", "\"a"}) {
            assertThatThrownBy(() -> SchemaName.unquote(notQuoted)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
