package dev.graphileworker.testkit.postgres.internal;

import dev.graphileworker.api.ConnectionString;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The databases one test class owns: the one its tests are given, made on first use, and those made
 * by {@link TestDatabase#createDatabase()}. Closing drops them all.
 */
@SuppressWarnings("deprecation") // CloseableResource: still honoured when AutoCloseable closing is off
public final class ClassDatabases implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    private final DatabaseServer server;
    private final List<String> created = new ArrayList<>();
    private TestDatabase primary;

    public ClassDatabases(DatabaseServer server) {
        this.server = server;
    }

    /** @return the class's database, created on the first call */
    public synchronized TestDatabase primary() {
        if (primary == null) {
            primary = create();
        }
        return primary;
    }

    /** @return a further fresh database, dropped with the others */
    public synchronized TestDatabase create() {
        ConnectionString url;
        try {
            url = server.createDatabase();
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Could not create a test database on " + server + ": " + e.getMessage(), e);
        }
        created.add(url.database());
        return new CreatedDatabase(url, server.source(), this);
    }

    @Override
    public synchronized void close() throws SQLException {
        SQLException failure = null;
        // Newest first, in case a test made one database depend on another (dblink, FDW).
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                server.dropDatabase(created.get(i));
            } catch (SQLException e) {
                if (failure == null) {
                    failure = new SQLException("Could not drop test databases on " + server, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        created.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
