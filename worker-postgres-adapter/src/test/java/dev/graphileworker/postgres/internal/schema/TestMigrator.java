package dev.graphileworker.postgres.internal.schema;

import dev.graphileworker.domain.time.Sleeper;
import java.time.Clock;
import javax.sql.DataSource;

/** Migrators in real time, for tests whose subject is not the migrator's waiting. */
public final class TestMigrator {

    private TestMigrator() {
    }

    /**
     * @param dataSource where the database is
     * @param schema the schema name, unquoted
     * @return a migrator on the system clock
     */
    public static Migrator of(DataSource dataSource, String schema) {
        return new Migrator(dataSource, schema, Clock.systemUTC(), Sleeper.realTime());
    }
}
