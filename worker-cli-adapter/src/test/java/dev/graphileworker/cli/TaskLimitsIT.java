package dev.graphileworker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.testkit.Poll;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three worker processes, {@code --task-limit record_limited=5}, 500 jobs of that task and 500 of an
 * unlimited one, each recording its start and end on the database's clock: never more than five runs
 * of the limited task overlap, every job runs once, nothing stays locked. The same jobs run first
 * without the limit, and the figures of both runs are printed (not asserted: they depend on the machine).
 */
@ExtendWith(PostgresDatabaseExtension.class)
class TaskLimitsIT {

    private static final int LIMIT = 5;
    private static final int JOBS_PER_TASK = 500;
    private static final int SLEEP_MS = 20;

    /** The most runs of the limited task in flight at once: at the start of each, the runs under way. */
    private static final String MOST_LIMITED_AT_ONCE = """
            select coalesce(max(in_flight), 0) from (
              select count(*) as in_flight
              from {ledger}.runs as a join {ledger}.added as aa on aa.job_id = a.job_id and aa.kind = 'limited'
              join {ledger}.runs as b on b.started_at <= a.started_at and b.ended_at > a.started_at
              join {ledger}.added as ba on ba.job_id = b.job_id and ba.kind = 'limited'
              group by a.id) as starts
            """;

    private final TestDatabase database;
    @TempDir
    Path directory;

    TaskLimitsIT(TestDatabase database) {
        this.database = database;
    }

    @Test
    void threeWorkersNeverRunMoreThanTheLimitOfATaskAndRunTheOthersAlongside() throws Exception {
        Figures without = run("limits_off", false);
        Figures with = run("limits_on", true);

        System.out.printf("TaskLimitsIT: 3 workers x --jobs 8, %d jobs of each task sleeping %d ms%n",
                JOBS_PER_TASK, SLEEP_MS);
        System.out.println("TaskLimitsIT: without a limit: " + without);
        System.out.println("TaskLimitsIT: with --task-limit record_limited=" + LIMIT + ": " + with);
        assertThat(with.mostLimitedAtOnce()).isBetween(1L, (long) LIMIT);
    }

    private Figures run(String schema, boolean limited) throws Exception {
        Path folder = Files.createDirectories(directory.resolve(schema));
        try (FaultScenario scenario = FaultScenario.prepare(database.connectionString(), database.dataSource(),
                schema, folder)) {
            List<CommandProcess> workers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                List<String> options = new ArrayList<>(List.of("--jobs", "8", "--poll-interval", "200"));
                if (limited) {
                    options.addAll(List.of("--task-limit", "record_limited=" + LIMIT));
                }
                workers.add(scenario.startWorker(options.toArray(String[]::new)));
            }
            for (CommandProcess worker : workers) {
                worker.awaitLogLine(line -> line.contains(" started: "));
            }
            long started = System.nanoTime();
            // Interleaved, so that without the limit both tasks share the runners from the start.
            scenario.execute("insert into {ledger}.added select id, payload ->> 'kind'"
                    + " from {schema}.add_jobs(array(select row("
                    + "   case when i % 2 = 0 then 'record_limited' else 'record' end,"
                    + "   json_build_object('sleepMs', " + SLEEP_MS + ", 'kind',"
                    + "     case when i % 2 = 0 then 'limited' else 'free' end), null, null, 1, null, null, null)"
                    + "   ::{schema}.job_spec from generate_series(1, " + (2 * JOBS_PER_TASK) + ") as i))");
            Poll.until("every job has run", Duration.ofSeconds(300),
                    () -> scenario.count("select count(*) from {jobs}") == 0, scenario::logs);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(scenario.count("select count(*) from {ledger}.runs as runs join {ledger}.added using (job_id)"
                    + " where kind = 'limited' and outcome = 'succeeded'")).isEqualTo(JOBS_PER_TASK);
            assertThat(scenario.count("select count(*) from {ledger}.runs as runs join {ledger}.added using (job_id)"
                    + " where kind = 'free' and outcome = 'succeeded'")).isEqualTo(JOBS_PER_TASK);
            assertThat(scenario.texts(RunLedger.JOBS_SUCCEEDED_MORE_THAN_ONCE)).isEmpty();
            assertThat(scenario.texts(RunLedger.LOCKS_HELD)).isEmpty();
            Figures figures = new Figures(took, scenario.count(MOST_LIMITED_AT_ONCE), span(scenario, "limited"),
                    span(scenario, "free"), scenario.count("select count(distinct pid) from {ledger}.runs"
                    + " join {ledger}.added using (job_id) where kind = 'limited'"));
            for (CommandProcess worker : workers) {
                worker.terminate();
            }
            for (CommandProcess worker : workers) {
                assertThat(worker.awaitExit()).as(scenario.logs()).isZero();
            }
            return figures;
        }
    }

    /** From the first start to the last end of the kind's runs, in milliseconds. */
    private static long span(FaultScenario scenario, String kind) {
        return scenario.count("select (extract(epoch from max(ended_at) - min(started_at)) * 1000)::bigint"
                + " from {ledger}.runs join {ledger}.added using (job_id) where kind = '" + kind + "'");
    }

    private record Figures(Duration took, long mostLimitedAtOnce, long limitedSpanMillis, long freeSpanMillis,
            long workersRunningLimited) {
        @Override
        public String toString() {
            return "all done in " + took.toMillis() + " ms; record_limited: most at once " + mostLimitedAtOnce
                    + ", first start to last end " + limitedSpanMillis + " ms, run by " + workersRunningLimited
                    + " workers; record (unlimited): first start to last end " + freeSpanMillis + " ms";
        }
    }
}
