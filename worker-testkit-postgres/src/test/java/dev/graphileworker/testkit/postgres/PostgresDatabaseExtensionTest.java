package dev.graphileworker.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.api.ConnectionString;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

// One instance for the class, so the @Nested classes below can leave notes for each other in it.
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
@ExtendWith(PostgresDatabaseExtension.class)
class PostgresDatabaseExtensionTest {

    private final TestDatabase fromConstructor;
    private TestDatabase fromBeforeAll;
    private TestDatabase fromBeforeEach;
    private final List<String> databasesOfFinishedClass = new ArrayList<>();

    PostgresDatabaseExtensionTest(TestDatabase database) {
        this.fromConstructor = database;
    }

    @BeforeAll
    void beforeAll(TestDatabase database) {
        fromBeforeAll = database;
    }

    @BeforeEach
    void beforeEach(TestDatabase database) {
        fromBeforeEach = database;
    }

    @Test
    void givesADatabaseThatExistsAndIsEmpty(TestDatabase database) throws SQLException {
        assertThat(database.databaseName()).matches("gw_test_[a-z0-9]+");
        assertThat(database.text("SELECT current_database()"))
                .isEqualTo(database.databaseName());
        assertThat(userTables(database.dataSource())).isZero();
    }

    @Test
    void givesTheSameDatabaseToConstructorCallbacksAndTests(TestDatabase database) {
        assertThat(fromConstructor).isSameAs(database);
        assertThat(fromBeforeAll).isSameAs(database);
        assertThat(fromBeforeEach).isSameAs(database);
    }

    @Test
    void saysWhereTheServerCameFrom(TestDatabase database) {
        assertThat(database.source())
                .isIn(
                        "TEST_DATABASE_URL",
                        "DATABASE_URL",
                        "local server",
                        "Testcontainers",
                        "embedded PostgreSQL");
    }

    @Test
    void createDatabaseGivesAnotherEmptyDatabase(TestDatabase database) throws SQLException {
        TestDatabase other = database.createDatabase();

        database.execute("CREATE TABLE only_in_the_first (id int)");

        assertThat(other.databaseName())
                .matches("gw_test_[a-z0-9]+")
                .isNotEqualTo(database.databaseName());
        assertThat(other.text("SELECT current_database()"))
                .isEqualTo(other.databaseName());
        assertThat(userTables(other.dataSource())).isZero();
        database.execute("DROP TABLE only_in_the_first");
    }

    @Test
    void jdbcUrlHasNoCredentialsButWorksWithThem(TestDatabase database) throws SQLException {
        assertThat(database.jdbcUrl())
                .startsWith("jdbc:postgresql://")
                .contains("/" + database.databaseName())
                .doesNotContain("user=")
                .doesNotContain("password=");
        if (!database.password().isEmpty()) {
            assertThat(database.jdbcUrl()).doesNotContain(database.password());
        }

        try (Connection connection =
                        DriverManager.getConnection(
                                database.jdbcUrl(), database.user(), database.password());
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT current_database(), current_user")) {
            row.next();
            assertThat(row.getString(1)).isEqualTo(database.databaseName());
            assertThat(row.getString(2)).isEqualTo(database.user());
        }
    }

    @Test
    void connectionStringNamesTheSameDatabase(TestDatabase database) {
        assertThat(database.connectionString()).startsWith("postgres://");

        ConnectionString parsed = ConnectionString.parse(database.connectionString());

        assertThat(parsed.database()).isEqualTo(database.databaseName());
        assertThat(parsed.user()).isEqualTo(database.user());
        assertThat(parsed.password().orElse("")).isEqualTo(database.password());
        assertThat(parsed.jdbcUrl()).isEqualTo(database.jdbcUrl());
    }

    @Test
    void toStringMasksThePassword(TestDatabase database) {
        assertThat(database.toString()).contains(database.databaseName());
        if (!database.password().isEmpty()) {
            assertThat(database.toString()).doesNotContain(database.password());
        }
    }

    @Nested
    @Order(1)
    class AnotherTestClass {

        // Unlike the enclosing class, a new instance per test: the other way constructors are called.
        private final TestDatabase fromNestedConstructor;

        AnotherTestClass(TestDatabase database) {
            this.fromNestedConstructor = database;
        }

        @Test
        void getsADifferentDatabase(TestDatabase database) throws SQLException {
            assertThat(fromNestedConstructor).isSameAs(database);
            assertThat(database.databaseName()).isNotEqualTo(fromConstructor.databaseName());
            assertThat(userTables(database.dataSource())).isZero();

            TestDatabase extra = database.createDatabase();
            // An open connection must not stop the drop at the end of the class.
            Connection leftOpen = extra.dataSource().getConnection();
            assertThat(leftOpen.isValid(1)).isTrue();

            databasesOfFinishedClass.add(database.databaseName());
            databasesOfFinishedClass.add(extra.databaseName());
        }
    }

    @Nested
    @Order(2)
    class AfterAnotherTestClassIsDone {

        @Test
        void itsDatabasesAreDropped(TestDatabase database) throws SQLException {
            assertThat(databasesOfFinishedClass).hasSize(2);
            assertThat(database.databaseName()).isNotIn(databasesOfFinishedClass);

            // Asked through the enclosing class's database: same server, and not one being dropped.
            try (Connection connection = fromConstructor.dataSource().getConnection();
                    PreparedStatement statement =
                            connection.prepareStatement(
                                    "SELECT count(*) FROM pg_database WHERE datname = ANY (?)")) {
                statement.setArray(
                        1, connection.createArrayOf("text", databasesOfFinishedClass.toArray()));
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    assertThat(row.getInt(1)).isZero();
                }
            }
        }
    }

    private static int userTables(DataSource dataSource) throws SQLException {
        return Integer.parseInt(
                Sql.on(dataSource).text(
                        "SELECT count(*) FROM pg_catalog.pg_class c"
                                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                                + " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')"
                                + " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                                + " AND n.nspname NOT LIKE 'pg_toast%'"));
    }
}
