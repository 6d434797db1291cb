package dev.graphileworker.testkit.internal;

import java.time.Duration;
import java.util.Map;

/**
 * A server named by an environment variable ({@code TEST_DATABASE_URL} or {@code DATABASE_URL})
 * holding a {@code postgres://} URI or {@code jdbc:postgresql:} URL of an admin database.
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
        ConnectionUrl admin =
                ConnectionUrl.parse(value)
                        .withDefaultCredentials(
                                environment.getOrDefault("PGUSER", System.getProperty("user.name")),
                                environment.getOrDefault("PGPASSWORD", ""));
        return DatabaseServer.connect(variable, admin, TIMEOUT, () -> {});
    }
}
