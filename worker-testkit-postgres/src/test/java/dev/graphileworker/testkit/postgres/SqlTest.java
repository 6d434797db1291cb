package dev.graphileworker.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphileworker.testkit.Poll;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresDatabaseExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlTest {

    private final TestDatabase database;

    SqlTest(TestDatabase database) {
        this.database = database;
        database.execute("create table things (id int primary key, name text)");
        database.execute("insert into things values (1, 'one'), (2, null), (3, 'three')");
    }

    @Test
    void readsCountsTextsAndRows() {
        assertThat(database.count("select count(*) from things")).isEqualTo(3);
        assertThat(database.count("select sum(id) from things where id > 3")).isZero();
        assertThat(database.text("select name from things order by id")).isEqualTo("one");
        assertThat(database.text("select name from things where id = 2")).isNull();
        assertThat(database.texts("select name from things order by id")).containsExactly("one", null, "three");
        assertThat(database.rows("select id, name, id > 1 from things order by id")).containsExactly(
                List.of("1", "one", "f"), Arrays.asList("2", null, "t"), List.of("3", "three", "t"));
    }

    @Test
    void aQueryWithoutARowHasNoCountOrText() {
        assertThatThrownBy(() -> database.count("select id from things where false"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("No row");
        assertThatThrownBy(() -> database.text("select id from things where false"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("No row");
    }

    @Test
    void aFailingStatementNamesItsSqlAndKeepsTheDriversException() {
        assertThatThrownBy(() -> database.execute("insert into things values (1, 'again')"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("insert into things values (1, 'again')")
                .hasCauseInstanceOf(SQLException.class);
    }

    @Test
    void anyDataSourceServes() {
        assertThat(Sql.on(database.dataSource()).count("select count(*) from things")).isEqualTo(3);
    }

    @Test
    void awaitCountWaitsForAnotherSession() throws Exception {
        database.execute("create table arrivals (id int)");
        CompletableFuture<Void> later = CompletableFuture.runAsync(
                () -> database.execute("select pg_sleep(0.2); insert into arrivals values (1)"));

        database.awaitCount("select count(*) from arrivals", 1);

        later.get(Poll.DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }
}
