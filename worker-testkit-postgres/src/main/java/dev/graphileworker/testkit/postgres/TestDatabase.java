package dev.graphileworker.testkit.postgres;

import javax.sql.DataSource;

/**
 * A fresh, empty PostgreSQL database for one test class, given to tests by
 * {@link PostgresDatabaseExtension}. Dropped when the class's tests are done.
 *
 * <p>Besides its coordinates, it runs plain SQL for setting up and checking a test (see {@link Sql}),
 * as the database's own, privileged user:
 *
 * <pre>{@code
 * database.execute("select graphile_worker.add_job('send_email')");
 * database.awaitCount("select count(*) from graphile_worker.jobs", 0);
 * assertThat(database.texts("select email from sent order by id")).containsExactly("ada@example.com");
 * }</pre>
 */
public interface TestDatabase extends Sql {

    /** @return the database's JDBC URL, without credentials */
    String jdbcUrl();

    /** @return the user to connect as */
    String user();

    /** @return the password, empty when the server trusts the user */
    String password();

    /** @return the same database as a {@code postgres://user:password@host:port/name} URI */
    String connectionString();

    /** @return the database's name */
    String databaseName();

    /** @return a non-pooled data source for the database */
    @Override
    DataSource dataSource();

    /**
     * @return where the server came from: {@code TEST_DATABASE_URL}, {@code DATABASE_URL},
     *     {@code local server}, {@code Testcontainers} or {@code embedded PostgreSQL}
     */
    String source();

    /**
     * Creates another fresh, empty database on the same server, dropped together with this one.
     *
     * @return the new database
     */
    TestDatabase createDatabase();
}
