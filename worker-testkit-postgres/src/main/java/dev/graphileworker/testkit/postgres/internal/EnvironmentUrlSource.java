package dev.graphileworker.testkit.postgres.internal;

import dev.graphileworker.api.ConnectionString;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A server named by an environment variable ({@code TEST_DATABASE_URL} or {@code DATABASE_URL})
 * holding a {@code postgres://} URI or {@code jdbc:postgresql:} URL of an admin database. What the
 * URL leaves out comes from the libpq variables ({@code PGUSER}, {@code PGPASSWORD}...), as in libpq,
 * except that the admin database is {@code postgres} unless the URL or {@code PGDATABASE} names one
 * (libpq would take the user's name, a database that seldom exists).
 */
public final class EnvironmentUrlSource implements ServerSource {

    // Long enough for a remote CI database, short enough not to stall a misconfigured run.
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String variable;
    private final Map<String, String> environment;

    public EnvironmentUrlSource(String variable, Map<String, String> environment) {
        this.variable = variable;
        this.environment = environment;
    }

    @Override
    public String kind() {
        return "env";
    }

    @Override
    public String name() {
        return variable;
    }

    @Override
    public DatabaseServer open() throws Exception {
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            throw new SourceUnavailableException("not set");
        }
        return DatabaseServer.connect(variable, admin(value, variable, environment), TIMEOUT, () -> {});
    }

    /** @return the admin database that {@code value} of {@code variable} names, completed from the environment */
    static ConnectionString admin(String value, String variable, Map<String, String> environment) {
        Map<String, String> defaults = new HashMap<>(environment);
        if (defaults.getOrDefault("PGDATABASE", "").isEmpty()) {
            defaults.put("PGDATABASE", "postgres");
        }
        return ConnectionString.parse(value, variable).withEnvironmentDefaults(defaults);
    }
}
