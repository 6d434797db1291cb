package dev.graphileworker.postgres.internal.schema;

import dev.graphileworker.api.WorkerException;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.domain.time.Sleeper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the graphile-worker schema of a database to {@link #CURRENT_REVISION}, the revision of
 * graphile-worker 0.18, keeping the migration ledger exactly as graphile-worker does so that Node.js
 * and Java workers can share the database.
 *
 * <ul>
 *   <li>no schema (or an empty ledger): installs revision 20 in one transaction ({@code
 *       install.sql}) and records ledger rows 1 to 20;
 *   <li>revision 19 (graphile-worker 0.17): applies {@code 000020.sql};
 *   <li>revision 20: nothing to do;
 *   <li>a newer revision: refuses to start if any revision it does not know is breaking, else warns;
 *   <li>an older revision: refuses, and asks for an upgrade with graphile-worker 0.17 first.
 * </ul>
 *
 * <p>Concurrent migrators of this project serialise on a transaction-level advisory lock keyed on
 * the schema name, so that workers starting together on an empty database end with one install.
 * Against a migrator that does not take the lock (graphile-worker itself), the ledger row that each
 * migration inserts first is the arbiter: a clash there means someone else did the work, and the
 * state is read again.
 */
public final class Migrator {

    /** The schema revision this code installs and works with. */
    public static final int CURRENT_REVISION = 20;

    /** The oldest revision this code upgrades (installed by graphile-worker 0.17.x). */
    static final int OLDEST_UPGRADABLE_REVISION = 19;

    /** PostgreSQL 12. */
    static final int MINIMUM_SERVER_VERSION_NUM = 120000;

    /** First half of the advisory lock key ("gwmi"); the second half is a hash of the schema name. */
    static final int LOCK_CLASS = 0x67776d69;

    /** SQLSTATEs that mean "someone else created this at the same time". */
    private static final Set<String> CLASH_STATES = Set.of("23505", "42P06", "42P07", "42710");

    /** How often a clash with a concurrent migrator is retried before giving up. */
    private static final int MAX_ATTEMPTS = 5;

    /** How long an install by another graphile-worker, apparently in progress, is waited for. */
    static final Duration IN_PROGRESS_PATIENCE = Duration.ofSeconds(60);
    private static final Duration IN_PROGRESS_POLL = Duration.ofMillis(200);

    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);

    private final DataSource dataSource;
    private final String schema;
    private final String quotedSchema;
    private final MigrationLedger ledger;
    private final Clock clock;
    private final Sleeper sleeper;

    /**
     * @param dataSource where the database is
     * @param schema the schema name, unquoted (for example {@code graphile_worker})
     * @param clock how long an install by another process has been waited for
     * @param sleeper waits between looks at such an install
     * @throws WorkerException if the schema name cannot be used
     */
    public Migrator(DataSource dataSource, String schema, Clock clock, Sleeper sleeper) {
        if (dataSource == null) {
            throw new IllegalArgumentException("dataSource must not be null");
        }
        this.dataSource = dataSource;
        this.schema = schema;
        this.quotedSchema = SchemaName.quote(schema);
        this.ledger = new MigrationLedger(quotedSchema);
        this.clock = clock;
        this.sleeper = sleeper;
        // Fail on a bad name before touching the database.
        SchemaScript.install().forEach(script -> script.renderFor(quotedSchema));
    }

    /**
     * Installs or upgrades the schema as needed; safe to call from several processes at once.
     *
     * @throws WorkerException if the server is too old, the schema is from an incompatible version
     *     of graphile-worker, or the database fails
     */
    public void migrate() {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            int isolation = connection.getTransactionIsolation();
            try {
                if (!autoCommit) {
                    connection.rollback();
                }
                checkServerVersion(connection);
                connection.setAutoCommit(false);
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                migrate(connection);
            } finally {
                restore(connection, autoCommit, isolation);
            }
        } catch (SQLException e) {
            throw new WorkerException(
                    "Could not install or upgrade the graphile-worker schema " + quotedSchema + ": "
                            + describe(e),
                    e);
        }
    }

    /**
     * Checks, without changing anything, that the schema is one this worker can run on: at its
     * revision, or at a newer one not marked as breaking.
     *
     * @throws WorkerException naming the revision found and what to do, when it is not
     */
    public void check() {
        try (Connection connection = dataSource.getConnection()) {
            MigrationLedger.State state = ledger.read(connection);
            Integer revision = state.revision();
            if (revision == null) {
                throw new WorkerException("The graphile-worker schema " + quotedSchema + " is not installed, and"
                        + " this worker was told not to migrate it. Install it first (GraphileWorker.runMigrations,"
                        + " or `graphile-worker --schema-only`), or let the worker migrate.");
            }
            if (revision < CURRENT_REVISION) {
                throw new WorkerException("The graphile-worker schema " + quotedSchema + " is at revision " + revision
                        + ", older than this worker's " + CURRENT_REVISION + ", and this worker was told not to"
                        + " migrate it. Upgrade it first (GraphileWorker.runMigrations, or `graphile-worker"
                        + " --schema-only`), or let the worker migrate.");
            }
            if (revision > CURRENT_REVISION) {
                List<Integer> breaking = ledger.breakingRevisionsAbove(connection, CURRENT_REVISION);
                if (!breaking.isEmpty()) {
                    throw new WorkerException("The database schema " + quotedSchema + " is at revision " + revision
                            + " from a newer graphile-worker, with breaking revisions " + join(breaking)
                            + "; this worker only knows revisions up to " + CURRENT_REVISION + ". Upgrade this worker.");
                }
            }
        } catch (SQLException e) {
            throw new WorkerException("Could not check the graphile-worker schema " + quotedSchema + ": "
                    + describe(e), e);
        }
    }

    private void migrate(Connection connection) throws SQLException {
        Instant waitingSince = null;
        for (int attempt = 1; ; attempt++) {
            Step step;
            try {
                step = runStep(connection);
            } catch (SQLException e) {
                rollbackQuietly(connection);
                if (CLASH_STATES.contains(e.getSQLState()) && attempt < MAX_ATTEMPTS) {
                    LOG.debug(
                            "Another process migrated schema {} at the same time ({}); reading the"
                                    + " ledger again",
                            quotedSchema,
                            e.getSQLState());
                    continue;
                }
                throw e;
            } catch (RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
            if (step == Step.DONE) {
                return;
            }
            // Step.WAIT: an older graphile-worker seems to be installing right now.
            Instant now = clock.instant();
            if (waitingSince == null) {
                waitingSince = now;
                LOG.info(
                        "Schema {} is being installed by another graphile-worker; waiting for it to"
                                + " finish",
                        quotedSchema);
            } else if (Duration.between(waitingSince, now).compareTo(IN_PROGRESS_PATIENCE) > 0) {
                throw tooOld(ledger.read(connection).revision());
            }
            attempt = 0;
            try {
                sleeper.sleep(IN_PROGRESS_POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WorkerException(
                        "Interrupted while waiting for another process to migrate schema "
                                + quotedSchema,
                        e);
            }
        }
    }

    private enum Step {
        DONE,
        WAIT
    }

    /** One transaction: lock, read the ledger, act, commit. */
    private Step runStep(Connection connection) throws SQLException {
        try (PreparedStatement lock =
                connection.prepareStatement("select pg_advisory_xact_lock(?, hashtext(?))")) {
            lock.setInt(1, LOCK_CLASS);
            lock.setString(2, schema);
            lock.execute();
        }
        MigrationLedger.State state = ledger.read(connection);
        if (state.revision() == null) {
            install(connection);
            connection.commit();
            LOG.info("Installed graphile-worker schema {} at revision {}", quotedSchema, CURRENT_REVISION);
            return Step.DONE;
        }
        int revision = state.revision();
        if (revision == CURRENT_REVISION) {
            connection.commit();
            LOG.debug("Schema {} is up to date (revision {})", quotedSchema, revision);
            return Step.DONE;
        }
        if (revision > CURRENT_REVISION) {
            List<Integer> breaking = ledger.breakingRevisionsAbove(connection, CURRENT_REVISION);
            connection.commit();
            if (!breaking.isEmpty()) {
                throw new WorkerException(
                        "The database schema " + quotedSchema + " is at revision " + revision
                                + " from a newer graphile-worker (breaking: revision"
                                + (breaking.size() == 1 ? " " : "s ") + join(breaking)
                                + (breaking.size() == 1 ? " is" : " are")
                                + " marked as breaking); this worker only knows revisions up to "
                                + CURRENT_REVISION + " and it would be unsafe to continue."
                                + " Upgrade this worker.");
            }
            LOG.warn(
                    "The database schema {} is at revision {}, newer than revision {} that this worker"
                            + " knows; the newer revisions are not marked as breaking, so the worker"
                            + " continues. Make sure all your workers are compatible versions.",
                    quotedSchema,
                    revision,
                    CURRENT_REVISION);
            return Step.DONE;
        }
        if (revision >= OLDEST_UPGRADABLE_REVISION) {
            for (int next = revision + 1; next <= CURRENT_REVISION; next++) {
                applyMigration(connection, next);
            }
            connection.commit();
            LOG.info("Upgraded graphile-worker schema {} from revision {} to {}", quotedSchema, revision, CURRENT_REVISION);
            return Step.DONE;
        }
        connection.commit();
        if (state.recentlyChanged()) {
            return Step.WAIT;
        }
        throw tooOld(revision);
    }

    private WorkerException tooOld(Integer revision) {
        String schemaOption = WorkerOptions.DEFAULT_SCHEMA.equals(schema) ? "" : " --schema '" + schema + "'";
        return new WorkerException(
                "The database schema " + quotedSchema + " is at revision " + revision
                        + ", installed by an old graphile-worker; this worker can only upgrade from"
                        + " revision " + OLDEST_UPGRADABLE_REVISION + " (graphile-worker 0.17)."
                        + " Nothing was changed. Upgrade it with graphile-worker 0.17 first, for example"
                        + " `npx graphile-worker@0.17 -c <connection string>" + schemaOption
                        + " --schema-only`, then start this worker again.");
    }

    private void install(Connection connection) throws SQLException {
        createSchemaUnlessItExists(connection);
        runScripts(connection, SchemaScript.install());
        ledger.recordAllUpTo(connection, CURRENT_REVISION);
        MigrationLedger.announce(connection, CURRENT_REVISION);
    }

    /**
     * Not {@code create schema if not exists}: that needs the CREATE privilege on the database even
     * when the schema exists, which a worker role given only its own schema does not have.
     */
    private void createSchemaUnlessItExists(Connection connection) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("select from pg_namespace where nspname = ?")) {
            exists.setString(1, schema);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (Statement create = connection.createStatement()) {
            create.execute("create schema " + quotedSchema);
        }
    }

    /** Records the ledger row first, so that a concurrent migrator of the same revision clashes. */
    private void applyMigration(Connection connection, int revision) throws SQLException {
        ledger.record(connection, revision);
        runScripts(connection, SchemaScript.upgradeTo(revision));
        MigrationLedger.announce(connection, revision);
    }

    private void runScripts(Connection connection, List<SchemaScript> scripts) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (SchemaScript script : scripts) {
                statement.execute(script.renderFor(quotedSchema));
            }
        }
    }

    private static void checkServerVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "select current_setting('server_version_num')::int, current_setting('server_version')")) {
            rs.next();
            checkServerVersion(rs.getInt(1), rs.getString(2));
        }
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }

    /**
     * @param versionNum {@code server_version_num}, for example 150004
     * @param version {@code server_version}, for example {@code 15.4}
     * @throws WorkerException if the server is older than PostgreSQL 12
     */
    static void checkServerVersion(int versionNum, String version) {
        if (versionNum < MINIMUM_SERVER_VERSION_NUM) {
            throw new WorkerException(
                    "graphile-worker needs PostgreSQL 12 or newer, but the database server is PostgreSQL "
                            + version + " (server_version_num " + versionNum + "). Upgrade PostgreSQL.");
        }
    }

    private static void restore(Connection connection, boolean autoCommit, int isolation) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            connection.setTransactionIsolation(isolation);
            connection.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            LOG.debug("Could not restore the connection's settings after migrating", e);
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("Rollback failed", e);
        }
    }

    private static String describe(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e.getSQLState() == null ? message : message + " (SQLSTATE " + e.getSQLState() + ")";
    }

    private static String join(List<Integer> revisions) {
        return revisions.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
