package dev.graphileworker.cli.internal.connection;

import dev.graphileworker.api.ConnectionString;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which database the command uses, the way graphile-worker and libpq do: {@code -c}, then
 * {@code DATABASE_URL}, then the libpq variables ({@link ConnectionString#ENVIRONMENT_VARIABLES}),
 * which also fill in what {@code -c} or {@code DATABASE_URL} leaves out. A {@code -c} without
 * {@code :} or {@code /} is a database name, the rest coming from the variables. With none of them,
 * there is no explicit connection and the caller starts the embedded database. Reading the text is
 * {@link ConnectionString}'s job.
 */
public final class ConnectionResolver {

    private final Map<String, String> environment;

    /** @param environment the process environment */
    public ConnectionResolver(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * @param connectionOption the value of {@code -c}, or {@code null}
     * @return the connection for the worker, or empty when nothing names a database
     * @throws IllegalArgumentException for a setting the driver cannot use, naming the option or
     *     variable and never quoting a password
     */
    public Optional<ConnectionString> resolve(String connectionOption) {
        if (connectionOption != null) {
            if (isDatabaseName(connectionOption)) {
                return Optional.of(ConnectionString.fromEnvironment(environment).withDatabase(connectionOption));
            }
            return Optional.of(ConnectionString.parse(connectionOption, "--connection")
                    .withEnvironmentDefaults(environment));
        }
        String databaseUrl = environment.get("DATABASE_URL");
        if (databaseUrl != null && !databaseUrl.isEmpty()) {
            return Optional.of(ConnectionString.parse(databaseUrl, "DATABASE_URL")
                    .withEnvironmentDefaults(environment));
        }
        if (ConnectionString.ENVIRONMENT_VARIABLES.stream()
                .anyMatch(name -> !environment.getOrDefault(name, "").isEmpty())) {
            return Optional.of(ConnectionString.fromEnvironment(environment));
        }
        return Optional.empty();
    }

    /** {@code psql mydb}: a word that cannot be a URI or URL. A blank one is left to the parser to refuse. */
    private static boolean isDatabaseName(String text) {
        return !text.isBlank() && text.indexOf(':') < 0 && text.indexOf('/') < 0;
    }
}
