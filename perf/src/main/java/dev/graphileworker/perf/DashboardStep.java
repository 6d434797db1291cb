package dev.graphileworker.perf;

import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.dashboard.Dashboard;
import dev.graphileworker.dashboard.DashboardServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * (8) The web dashboard on a large queue (1,000,000 jobs in ten tasks and every state), served by
 * {@link DashboardServer} in the harness's process, asked over HTTP: the overview right after the
 * dashboard starts (waiting for its first reading of the whole queue: counts by task and state,
 * workers, the last hour's failures) and while a page is open (served from its latest reading, read
 * again in the background), a job list filtered by state and task, and 100 page loads at once, which
 * must all answer 200. Ours only: the original has no dashboard.
 */
final class DashboardStep implements Step {

    private static final String STEP = "(8) dashboard";
    private static final int SAMPLES = 20;
    private static final int CONCURRENT = 100;
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @Override
    public String name() {
        return "dashboard";
    }

    @Override
    public void run(Bench bench, Results results) throws Exception {
        WorkerRuntime ours = bench.runtimes().get(0);
        int jobs = bench.scale().dashboardJobs();
        String queue = String.format(Locale.ROOT, "%,d jobs", jobs);
        Measure firstLoad = Measure.lowerIsBetter(STEP, "overview right after start (waits for its first reading of the whole queue), " + queue, "ms");
        Measure openPage = Measure.lowerIsBetter(STEP, "overview while open (its latest reading), " + queue, "ms");
        Measure filtered = Measure.lowerIsBetter(STEP, "jobs failed of one task, page of 50, " + queue, "ms");
        Measure nothing = Measure.lowerIsBetter(STEP, "a filter that matches no job (reads every job), " + queue, "ms");
        Measure crowd = Measure.lowerIsBetter(STEP, CONCURRENT + " page loads at once, all answered, " + queue, "ms");
        try (FreshDatabase database = bench.freshDatabase(ours, "dashboard")) {
            fill(database, jobs);
            WorkerOptions options = WorkerOptions.builder().connectionString(database.uri()).maxPoolSize(4).build();
            HttpClient client = HttpClient.newBuilder().connectTimeout(PATIENCE).build();
            try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
                for (int run = 1; run <= bench.scale().runs(); run++) {
                    // A new dashboard each run: nothing read yet, as for the first visitor.
                    try (DashboardServer server = DashboardServer.start(Dashboard.builder(utils.administration())
                            .build(), "127.0.0.1", 0, Optional.empty())) {
                        double first = load(client, server.uri().resolve("/"));
                        results.add(firstLoad, ours.name(), first);
                        List<Double> open = new ArrayList<>();
                        List<Double> lists = new ArrayList<>();
                        List<Double> empty = new ArrayList<>();
                        for (int sample = 0; sample < SAMPLES; sample++) {
                            open.add(load(client, server.uri().resolve("/")));
                            lists.add(load(client, server.uri().resolve("/jobs?state=failed&task=task_3")));
                            empty.add(load(client, server.uri().resolve("/jobs?task=task_3&error=no+such+error")));
                        }
                        results.add(openPage, ours.name(), Stats.median(open));
                        results.add(filtered, ours.name(), Stats.median(lists));
                        results.add(nothing, ours.name(), Stats.median(empty));
                        double all = crowd(client, server.uri());
                        results.add(crowd, ours.name(), all);
                        bench.progress().say("(8) dashboard run %d: first overview %.0f ms, open %.1f ms, "
                                + "filtered list %.1f ms, no match %.1f ms, %d loads at once %.0f ms", run, first,
                                Stats.median(open), Stats.median(lists), Stats.median(empty), CONCURRENT, all);
                    }
                }
            }
        }
    }

    /**
     * A million jobs in a few statements: ten tasks, twenty named queues, one job in ten due tomorrow,
     * about one in two hundred failed with attempts left and one in a thousand failed for good (spread
     * over every task), a hundred locked.
     */
    private static void fill(FreshDatabase database, int jobs) throws Exception {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("insert into graphile_worker._private_tasks (identifier)"
                    + " select 'task_' || i from generate_series(1, 10) as i on conflict do nothing");
            statement.execute("insert into graphile_worker._private_job_queues (queue_name)"
                    + " select 'queue_' || i from generate_series(1, 20) as i");
            statement.execute("insert into graphile_worker._private_jobs (task_id, payload, run_at, attempts,"
                    + " max_attempts, last_error, job_queue_id)"
                    + " select t.id, json_build_object('n', i, 'email', 'user' || i || '@example.com'),"
                    + " case when i % 10 = 0 then now() + interval '1 day' else now() - interval '1 minute' end,"
                    + " case when i % 199 = 0 then 3 when i % 997 = 1 then 25 else 0 end, 25,"
                    + " case when i % 199 = 0 or i % 997 = 1 then 'Error: failed ' || i end,"
                    + " case when i % 50 = 0 then q.id end"
                    + " from generate_series(1, " + jobs + ") as i"
                    + " join graphile_worker._private_tasks as t on t.identifier = 'task_' || (1 + i % 10)"
                    + " join graphile_worker._private_job_queues as q on q.queue_name = 'queue_' || (1 + i % 20)");
            statement.execute("update graphile_worker._private_jobs set locked_at = now(), locked_by = 'worker-' || (id % 4)"
                    + " where id in (select id from graphile_worker._private_jobs where attempts = 0 order by id limit 100)");
        }
        database.settle();
    }

    private static double load(HttpClient client, URI uri) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(PATIENCE).build(),
                HttpResponse.BodyHandlers.ofString());
        double millis = (System.nanoTime() - start) / 1e6;
        if (response.statusCode() != 200) {
            throw new HarnessFailure("the dashboard answered " + uri + " with " + response.statusCode());
        }
        return millis;
    }

    /** The overview, the job list, a filtered list, queues and workers, 100 loads in all at once. */
    private static double crowd(HttpClient client, URI root) throws Exception {
        List<String> pages = List.of("/", "/jobs", "/jobs?state=failed&task=task_3", "/queues", "/workers");
        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> loads = new ArrayList<>();
        for (int i = 0; i < CONCURRENT; i++) {
            loads.add(client.sendAsync(HttpRequest.newBuilder(root.resolve(pages.get(i % pages.size())))
                    .timeout(PATIENCE).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> load : loads) {
            HttpResponse<String> response = load.get();
            if (response.statusCode() != 200) {
                throw new HarnessFailure("one of " + CONCURRENT + " page loads at once answered "
                        + response.statusCode() + ": " + response.uri());
            }
        }
        return (System.nanoTime() - start) / 1e6;
    }
}
