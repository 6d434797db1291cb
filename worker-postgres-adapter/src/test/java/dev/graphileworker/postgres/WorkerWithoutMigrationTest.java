package dev.graphileworker.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerException;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A worker told not to migrate ({@code migrate(false)}) changes nothing in the schema: it runs on a
 * current one, and refuses to start on a missing or outdated one, saying what to do.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class WorkerWithoutMigrationTest {

    private static WorkerOptions options(TestDatabase database) {
        return WorkerOptions.builder().connectionString(database.connectionString()).migrate(false)
                .taskList(TaskList.builder().task("noop", (payload, helpers) -> { }).build())
                .build();
    }

    @Test
    void aMissingSchemaIsNotInstalledAndTheWorkerSaysWhy(TestDatabase shared) {
        TestDatabase database = shared.createDatabase();

        assertThatThrownBy(() -> GraphileWorker.run(options(database)))
                .isInstanceOf(WorkerException.class)
                .hasMessageContaining("is not installed, and this worker was told not to migrate it");
        assertThatThrownBy(() -> GraphileWorker.runOnce(options(database)))
                .hasMessageContaining("is not installed");
        assertThat(database.count("select count(*) from information_schema.schemata"
                + " where schema_name = 'graphile_worker'")).isZero();
    }

    @Test
    void anOutdatedSchemaIsNotUpgraded(TestDatabase shared) {
        TestDatabase database = shared.createDatabase();
        GraphileWorker.runMigrations(options(database));
        database.execute("delete from graphile_worker.migrations where id = (select max(id) from graphile_worker.migrations)");
        long revisions = database.count("select count(*) from graphile_worker.migrations");

        assertThatThrownBy(() -> GraphileWorker.runOnce(options(database)))
                .hasMessageContaining("is at revision 19, older than this worker's 20");
        assertThat(database.count("select count(*) from graphile_worker.migrations")).isEqualTo(revisions);
    }

    @Test
    void aCurrentSchemaRunsJobs(TestDatabase shared) {
        TestDatabase database = shared.createDatabase();
        GraphileWorker.runMigrations(options(database));
        database.execute("select graphile_worker.add_job('noop')");

        GraphileWorker.runOnce(options(database));

        assertThat(database.count("select count(*) from graphile_worker.jobs")).isZero();
    }
}
