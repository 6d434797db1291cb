package dev.graphileworker.postgres.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.admin.WorkerView;
import dev.graphileworker.postgres.internal.presence.PostgresWorkerSessions;
import dev.graphileworker.postgres.internal.presence.SessionName;
import dev.graphileworker.postgres.internal.schema.SchemaName;
import dev.graphileworker.postgres.internal.schema.TestMigrator;
import dev.graphileworker.postgres.internal.sql.JobRows;
import dev.graphileworker.postgres.internal.sql.PostgresJobStore;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What only PostgreSQL shows: the sessions of live workers, in {@code pg_stat_activity}. */
@ExtendWith(PostgresDatabaseExtension.class)
class PostgresAdministrationTest {

    private static final String SCHEMA = SchemaName.quote("graphile_worker");
    private static final String ALIVE = "worker-java-00000000000000000000aa";
    private static final String DEAD = "worker-java-00000000000000000000dd";

    private final TestDatabase database;
    private final DataSource dataSource;
    private final ObjectMapper objectMapper = new ObjectMapper();
    private final JobRows jobRows = new JobRows(() -> objectMapper, SCHEMA);

    PostgresAdministrationTest(TestDatabase database) {
        this.database = database;
        this.dataSource = database.dataSource();
        TestMigrator.of(dataSource, "graphile_worker").migrate();
    }

    @Test
    void aWorkerOfThisLibraryIsAliveWhileItsNamedSessionIsOpen() throws Exception {
        database.execute("select " + SCHEMA + ".add_job('alive_task')");
        database.execute("select " + SCHEMA + ".add_job('dead_task')");
        PostgresJobStore store = new PostgresJobStore(dataSource, SCHEMA, jobRows);
        long aliveJob = store.claimJobs(ALIVE, Set.of("alive_task"), Set.of(), 1).get(0).id();
        long deadJob = store.claimJobs(DEAD, Set.of("dead_task"), Set.of(), 1).get(0).id();
        PostgresAdministration administration = new PostgresAdministration(dataSource, SCHEMA, jobRows,
                new PostgresWorkerSessions(dataSource, SCHEMA));

        try (Connection session = dataSource.getConnection()) {
            try (PreparedStatement name = session.prepareStatement("select set_config('application_name', ?, false)")) {
                name.setString(1, SessionName.of(ALIVE));
                name.execute();
            }

            List<WorkerView> workers = administration.workers();

            assertThat(workers).containsExactly(
                    new WorkerView(ALIVE, List.of(aliveJob), List.of(), Optional.of(true)),
                    new WorkerView(DEAD, List.of(deadJob), List.of(), Optional.of(false)));
        }
    }
}
