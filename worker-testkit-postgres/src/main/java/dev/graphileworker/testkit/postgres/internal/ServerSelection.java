package dev.graphileworker.testkit.postgres.internal;

import dev.graphileworker.api.ConnectionString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcome of looking for a server, once per test run: the server that the first working
 * {@link ServerSource} gave, or why none worked. Kept so that every test class gets the same
 * answer without trying again; closing it stops the server if this JVM started it.
 */
@SuppressWarnings("deprecation") // CloseableResource: still honoured when AutoCloseable closing is off
public final class ServerSelection implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    private static final Logger LOG = LoggerFactory.getLogger("dev.graphileworker.testkit");

    private final DatabaseServer server;
    private final String failure;

    private ServerSelection(DatabaseServer server, String failure) {
        this.server = server;
        this.failure = failure;
    }

    /** Tries the sources that {@code environment} calls for, in order; never throws. */
    public static ServerSelection decide(Map<String, String> environment) {
        Set<String> secrets = secretsIn(environment);
        List<ServerSource> sources;
        try {
            sources = ServerSources.inOrder(environment);
        } catch (IllegalArgumentException e) {
            return new ServerSelection(null, mask(e.getMessage(), secrets));
        }
        List<String> tried = new ArrayList<>();
        for (ServerSource source : sources) {
            long start = System.nanoTime();
            try {
                DatabaseServer server = source.open();
                long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
                String message =
                        "Test databases come from " + server.source() + ", PostgreSQL "
                                + server.majorVersion() + " at " + server.admin()
                                + " (ready in " + millis + " ms)";
                LOG.info(message);
                System.out.println("[graphile-worker testkit] " + message);
                return new ServerSelection(server, null);
            } catch (SourceUnavailableException e) {
                tried.add(source.name() + ": " + mask(e.getMessage(), secrets));
            } catch (Exception | LinkageError e) {
                String reason = mask(describe(e), secrets);
                // Configured but broken deserves a warning even when a later source works.
                LOG.warn("Cannot use {} for test databases: {}", source.name(), reason);
                tried.add(source.name() + ": " + reason);
            }
        }
        return new ServerSelection(null, mask(noServerMessage(environment, tried), secrets));
    }

    /**
     * @throws IllegalStateException when no source worked, listing what was tried and why each
     *     failed
     */
    public DatabaseServer server() {
        if (server == null) {
            throw new IllegalStateException(failure);
        }
        return server;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }

    private static String noServerMessage(Map<String, String> environment, List<String> tried) {
        StringBuilder message = new StringBuilder("No PostgreSQL server for tests");
        String forced = environment.get(ServerSources.FORCE_VARIABLE);
        if (forced != null && !forced.isBlank()) {
            message.append(" (").append(ServerSources.FORCE_VARIABLE).append('=').append(forced).append(')');
        }
        message.append(". Tried:");
        tried.forEach(line -> message.append(System.lineSeparator()).append("  - ").append(line));
        return message.append(System.lineSeparator())
                .append("Set TEST_DATABASE_URL=postgres://user:password@host:5432/postgres,"
                        + " run PostgreSQL on 127.0.0.1:5432, or make Docker available.")
                .toString();
    }

    private static String describe(Throwable e) {
        StringBuilder description = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable cause = e.getCause();
        for (int depth = 0; cause != null && cause != e && depth < 3; depth++) {
            if (cause.getMessage() != null && !description.toString().contains(cause.getMessage())) {
                description.append(" (caused by: ").append(cause.getMessage()).append(')');
            }
            e = cause;
            cause = cause.getCause();
        }
        return description.toString();
    }

    private static Set<String> secretsIn(Map<String, String> environment) {
        // Longest first, so that a URL is masked whole before its password is.
        Set<String> secrets =
                new TreeSet<>(Comparator.comparing(String::length).reversed().thenComparing(s -> s));
        for (String variable : List.of("TEST_DATABASE_URL", "DATABASE_URL")) {
            String value = environment.get(variable);
            if (value == null || value.isBlank()) {
                continue;
            }
            String raw = value.trim();
            try {
                ConnectionString.parse(raw).password().ifPresent(password -> {
                    secrets.add(raw);
                    secrets.add(password);
                });
            } catch (IllegalArgumentException unparsable) {
                // Its message quotes no password; the raw password is masked below.
            }
            // As written, too: a message may repeat the still percent-encoded password.
            int scheme = raw.indexOf("://");
            int at = raw.lastIndexOf('@');
            int colon = scheme < 0 ? -1 : raw.indexOf(':', scheme + 3);
            if (colon >= 0 && colon + 1 < at) {
                secrets.add(raw.substring(colon + 1, at));
            }
        }
        secrets.add(environment.getOrDefault("PGPASSWORD", ""));
        secrets.remove("");
        return secrets;
    }

    private static String mask(String text, Set<String> secrets) {
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, "***");
        }
        return masked;
    }
}
