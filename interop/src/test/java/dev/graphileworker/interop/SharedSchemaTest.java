package dev.graphileworker.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Either runtime runs jobs on a schema the other installed, without migrating it: the migration
 * ledger stays exactly as it was (ids, times, breaking flags).
 */
@ExtendWith(PostgresDatabaseExtension.class)
class SharedSchemaTest {

    private static final Map<String, TaskBehaviour> RECORD = Map.of("interop_record", TaskBehaviour.RECORD);

    private final TestDatabase database;
    private final NodeScripts node = NodeScripts.locate();

    SharedSchemaTest(TestDatabase database) {
        this.database = database;
    }

    @Test
    void ourWorkerRunsJobsOnASchemaInstalledByNode018WithoutMigratingIt() throws Exception {
        TestDatabase db = database.createDatabase();
        node.graphileWorker(NodeRelease.V0_18, db).installSchema();
        RunLog runLog = RunLog.create(db);
        List<List<String>> ledger = migrationLedger(db);
        addJob(db);

        JavaWorker.runOnce(db, RECORD);

        assertThat(runLog.runs()).extracting(Run::runtime).containsExactly(RunLog.JAVA_RUNTIME);
        assertThat(migrationLedger(db)).isEqualTo(ledger);
        assertThat(db.count("select count(*) from graphile_worker.jobs")).isZero();
    }

    @Test
    void node018RunsJobsOnOurSchemaWithoutMigratingOrWarning() throws Exception {
        TestDatabase db = database.createDatabase();
        JavaWorker.installSchema(db);
        RunLog runLog = RunLog.create(db);
        List<List<String>> ledger = migrationLedger(db);
        addJob(db);

        NodeOutput output = node.graphileWorker(NodeRelease.V0_18, db).runOnce(RECORD);

        assertThat(output.logLines("warning")).as(output.describe("warned")).isEmpty();
        assertThat(output.logLines("error")).as(output.describe("logged errors")).isEmpty();
        assertThat(runLog.runs()).as(output.describe("ran"))
                .extracting(Run::runtime).containsExactly(NodeRelease.V0_18.runtimeName());
        assertThat(migrationLedger(db)).isEqualTo(ledger);
        assertThat(db.count("select count(*) from graphile_worker.jobs")).isZero();
    }

    @Test
    void node017RunsJobsOnOurNewerSchemaWithoutMigratingIt() throws Exception {
        TestDatabase db = database.createDatabase();
        JavaWorker.installSchema(db);
        RunLog runLog = RunLog.create(db);
        List<List<String>> ledger = migrationLedger(db);
        addJob(db);

        // 0.17.3 knows revisions up to 19: it may warn that 20 is newer, as revision 20 is not breaking.
        NodeOutput output = node.graphileWorker(NodeRelease.V0_17, db).runOnce(RECORD);

        assertThat(output.logLines("error")).as(output.describe("logged errors")).isEmpty();
        assertThat(runLog.runs()).as(output.describe("ran"))
                .extracting(Run::runtime).containsExactly(NodeRelease.V0_17.runtimeName());
        assertThat(migrationLedger(db)).isEqualTo(ledger);
        assertThat(db.count("select count(*) from graphile_worker.jobs")).isZero();
    }

    /** @return the migration ledger: id, ts and breaking of every row, by id */
    private static List<List<String>> migrationLedger(TestDatabase db) {
        return db.rows("select id, ts, breaking from graphile_worker.migrations order by id");
    }

    /** With the SQL function, which both runtimes share, so only the worker differs. */
    private static void addJob(TestDatabase db) throws Exception {
        db.execute("select graphile_worker.add_job('interop_record', '{\"hello\": \"world\"}')");
    }
}
