package dev.graphileworker.testkit.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        List<ServerSource> all =
                List.of(
                        new EnvironmentUrlSource("TEST_DATABASE_URL", environment),
                        new EnvironmentUrlSource("DATABASE_URL", environment),
                        new LocalServerSource(environment),
                        new TestcontainersSource(environment),
                        new EmbeddedPostgresSource());
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
}
