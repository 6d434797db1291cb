package dev.graphileworker.postgres.internal.schema;

import dev.graphileworker.api.WorkerException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema of this library's own beside the queue's, named after it with a suffix, holding one table,
 * so that nothing is added to the queue's schema, which stays identical to Node.js graphile-worker's.
 *
 * <p>{@link #install()} creates it when its table is missing, in one transaction, serialised between
 * workers of this library starting at once by a transaction-level advisory lock keyed on the schema's
 * name (as the {@link Migrator} does for the queue's schema). When the table exists it changes nothing
 * and needs no privilege beyond reading the catalog, so a database administrator may create it ahead
 * for a worker role that may not create schemas.
 */
final class CompanionSchema {

    private static final Logger LOG = LoggerFactory.getLogger(CompanionSchema.class);

    /**
     * What a companion schema is for, as its messages say it.
     *
     * @param suffix appended to the queue's schema name
     * @param table the one table it holds
     * @param lockClass first half of the advisory lock key; the second half is a hash of the schema's name
     * @param contents what it holds, for messages ("the history of finished jobs")
     * @param whereItLives the start of the too-long-name message ("The history of finished jobs is kept")
     * @param withoutIt how to do without it ("keep no history")
     * @param ddl the statements that make the table, given the schema's quoted name
     */
    record Kind(String suffix, String table, int lockClass, String contents, String whereItLives, String withoutIt,
            Function<String, List<String>> ddl) {
    }

    private final Kind kind;
    private final DataSource dataSource;
    private final String name;
    private final String quoted;

    CompanionSchema(Kind kind, DataSource dataSource, String queueSchema) {
        this.kind = kind;
        this.dataSource = dataSource;
        this.name = nameFor(kind, queueSchema);
        this.quoted = SchemaName.quote(name);
    }

    /**
     * @return the schema's name, unquoted: the queue's with the kind's suffix appended
     * @throws WorkerException when that name is longer than PostgreSQL allows (it would silently be cut)
     */
    static String nameFor(Kind kind, String queueSchema) {
        SchemaName.quote(queueSchema);
        String name = queueSchema + kind.suffix();
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > SchemaName.MAX_BYTES) {
            throw new WorkerException(kind.whereItLives() + " in the schema '" + name + "', which is " + bytes
                    + " bytes long; PostgreSQL names are limited to " + SchemaName.MAX_BYTES + " bytes. Use a"
                    + " queue schema name of at most " + (SchemaName.MAX_BYTES - kind.suffix().length())
                    + " bytes, or " + kind.withoutIt() + ".");
        }
        return name;
    }

    String quotedName() {
        return quoted;
    }

    /**
     * Creates the schema and its table unless the table exists; safe to call from several processes at once.
     *
     * @throws WorkerException if the database fails, or the role may not create what is missing
     */
    void install() {
        try (Connection connection = dataSource.getConnection()) {
            if (tableExists(connection)) {
                return;
            }
            boolean autoCommit = connection.getAutoCommit();
            try {
                connection.setAutoCommit(false);
                try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(?, hashtext(?))")) {
                    lock.setInt(1, kind.lockClass());
                    lock.setString(2, name);
                    lock.execute();
                }
                if (tableExists(connection)) {
                    connection.commit();
                    return;
                }
                createSchemaUnlessItExists(connection);
                try (Statement statement = connection.createStatement()) {
                    for (String ddl : kind.ddl().apply(quoted)) {
                        statement.execute(ddl);
                    }
                }
                connection.commit();
                LOG.info("Created {} in schema {}", kind.contents(), quoted);
            } finally {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new WorkerException("Could not create " + kind.contents() + " in schema " + quoted + ": "
                    + e.getMessage() + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")"), e);
        }
    }

    private boolean tableExists(Connection connection) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("select from pg_class as c"
                + " join pg_namespace as n on n.oid = c.relnamespace where n.nspname = ? and c.relname = ?")) {
            exists.setString(1, name);
            exists.setString(2, kind.table());
            try (ResultSet rs = exists.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** As {@link Migrator}: not {@code create schema if not exists}, which needs CREATE on the database. */
    private void createSchemaUnlessItExists(Connection connection) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("select from pg_namespace where nspname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (Statement create = connection.createStatement()) {
            create.execute("create schema " + quoted);
        }
    }
}
