package dev.graphileworker.postgres.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.Credentials;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.Sql;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Which application data sources the worker listens beside: a HikariCP pool that says how it connects
 * (its URL, credentials and driver properties), and no other.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class ListenBesidePoolTest {

    private final TestDatabase database;

    ListenBesidePoolTest(TestDatabase database) {
        this.database = database;
    }

    @Test
    void aPoolWithAUrlIsListenedBesideWithItsCredentialsAndDriverProperties() throws Exception {
        try (HikariDataSource pool = pool()) {
            pool.addDataSourceProperty("ApplicationName", "beside the pool");

            Optional<DataSource> beside = ListenBesidePool.of(pool);

            assertThat(beside).isPresent();
            assertThat(Sql.on(beside.get()).text("select current_setting('application_name')"))
                    .isEqualTo("beside the pool");
            assertThat(Sql.on(beside.get()).text("select current_user")).isEqualTo(database.user());
            assertThat(pool.isRunning()).as("the pool was never asked for a connection").isFalse();
        }
    }

    @Test
    void otherDataSourcesLendTheConnectionThemselves() throws Exception {
        PGSimpleDataSource plain = new PGSimpleDataSource();
        plain.setUrl(database.jdbcUrl());
        assertThat(ListenBesidePool.of(plain)).isEmpty();

        try (HikariDataSource byClassName = new HikariDataSource()) {
            byClassName.setDataSourceClassName(PGSimpleDataSource.class.getName());
            assertThat(ListenBesidePool.of(byClassName)).isEmpty();
        }
        try (HikariDataSource renewedCredentials = pool()) {
            renewedCredentials.setCredentialsProvider(() -> Credentials.of(database.user(), database.password()));
            assertThat(ListenBesidePool.of(renewedCredentials)).isEmpty();
        }
    }

    private HikariDataSource pool() {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(database.jdbcUrl());
        pool.setUsername(database.user());
        pool.setPassword(database.password());
        // Not started: only its settings are read.
        return pool;
    }
}
