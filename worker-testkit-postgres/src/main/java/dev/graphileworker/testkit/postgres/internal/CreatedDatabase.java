package dev.graphileworker.testkit.postgres.internal;

import dev.graphileworker.api.ConnectionString;
import dev.graphileworker.testkit.postgres.TestDatabase;
import javax.sql.DataSource;

/** A database that {@link ClassDatabases} made and will drop. */
final class CreatedDatabase implements TestDatabase {

    private final ConnectionString url;
    private final String source;
    private final ClassDatabases owner;

    CreatedDatabase(ConnectionString url, String source, ClassDatabases owner) {
        this.url = url;
        this.source = source;
        this.owner = owner;
    }

    @Override
    public String jdbcUrl() {
        return url.jdbcUrl();
    }

    @Override
    public String user() {
        return url.user();
    }

    @Override
    public String password() {
        return url.password().orElse("");
    }

    @Override
    public String connectionString() {
        return url.uri();
    }

    @Override
    public String databaseName() {
        return url.database();
    }

    @Override
    public DataSource dataSource() {
        // A new one each time: PGSimpleDataSource is mutable and tests may reconfigure theirs.
        return DatabaseServer.dataSource(url);
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public TestDatabase createDatabase() {
        return owner.create();
    }

    @Override
    public String toString() {
        return "TestDatabase[" + url + " from " + source + "]";
    }
}
