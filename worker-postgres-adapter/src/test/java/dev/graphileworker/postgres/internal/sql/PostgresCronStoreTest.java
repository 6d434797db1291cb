package dev.graphileworker.postgres.internal.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.postgres.internal.schema.SchemaName;
import dev.graphileworker.postgres.internal.schema.TestMigrator;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import dev.graphileworker.testkit.contract.CronStoreContract;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cron store against a real PostgreSQL, in a schema whose name needs quoting: the contract every
 * cron store passes, each store object standing for another worker.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class PostgresCronStoreTest extends CronStoreContract {

    private static final String SCHEMA_NAME = "Cron \"Store\"";
    private static final String SCHEMA = SchemaName.quote(SCHEMA_NAME);

    private final DataSource dataSource;

    PostgresCronStoreTest(TestDatabase database) {
        dataSource = database.dataSource();
        TestMigrator.of(dataSource, SCHEMA_NAME).migrate();
    }

    @Override
    protected Ports createPorts() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("delete from " + SCHEMA + "._private_known_crontabs; delete from " + SCHEMA
                    + "._private_jobs");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        ObjectMapper objectMapper = new ObjectMapper();
        return new Ports(() -> new PostgresCronStore(dataSource, SCHEMA, () -> objectMapper),
                () -> StoredJobs.all(dataSource, SCHEMA));
    }
}
