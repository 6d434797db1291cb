package dev.graphileworker.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.api.Job;
import dev.graphileworker.domain.KnownCrontab;
import dev.graphileworker.domain.cron.CronItem;
import dev.graphileworker.domain.cron.Crontab;
import dev.graphileworker.domain.port.CronStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CronStore} must do, with the semantics of graphile-worker's
 * {@code _private_known_crontabs} (see {@code docs/compatibility.md}, "Cron"): items become known
 * once, and every tick of every item becomes exactly one job through {@code add_job}, however many
 * workers try. An adapter's test extends this class and says how to make a fresh, empty store.
 */
public abstract class CronStoreContract {

    private static final Instant NOW = Instant.parse("2024-06-15T12:00:30Z");
    private static final Instant TICK = Instant.parse("2024-06-15T12:00:00Z");
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private Ports ports;
    private CronStore store;

    /**
     * A store over an empty queue, how to reach the same data as another worker would, and the jobs.
     *
     * @param anotherWorker a new store over the same data, as another worker's would be
     * @param jobs every job in the queue, ordered by id
     */
    public record Ports(Supplier<CronStore> anotherWorker, Supplier<List<Job>> jobs) {
    }

    /** @return fresh ports over an empty queue and no known items, for one test; called before each test */
    protected abstract Ports createPorts();

    @BeforeEach
    final void createFreshPorts() {
        ports = createPorts();
        store = ports.anotherWorker().get();
    }

    @AfterEach
    final void stopTheWorkers() {
        executor.shutdownNow();
    }

    @Test
    void newItemsBecomeKnownSinceNowAndOnlyItemsKnownBeforeAreReturned() {
        Instant oldSince = Instant.parse("2024-01-01T00:00:00Z");
        Instant oldTick = Instant.parse("2024-06-15T11:00:00Z");
        store.registerKnownCrontabs(List.of("old"), oldSince);
        store.enqueueTick(oldTick, List.of(item("* * * * * old").jobAt(oldTick, false)));

        Map<String, KnownCrontab> known = store.registerKnownCrontabs(List.of("old", "new"), NOW);

        assertThat(known).containsOnlyKeys("old");
        assertThat(known.get("old")).isEqualTo(new KnownCrontab("old", oldSince, oldTick));
        Map<String, KnownCrontab> again = store.registerKnownCrontabs(List.of("old", "new"), NOW.plusSeconds(600));
        assertThat(again.get("new")).isEqualTo(new KnownCrontab("new", NOW, null));
    }

    @Test
    void knownItemsAreReadWithoutChangingThem() {
        Instant since = Instant.parse("2024-01-01T00:00:00Z");
        store.registerKnownCrontabs(List.of("ticked", "waiting"), since);
        store.enqueueTick(TICK, List.of(item("* * * * * ticked").jobAt(TICK, false)));

        List<KnownCrontab> known = ports.anotherWorker().get().knownCrontabs();

        assertThat(known).containsExactlyInAnyOrder(new KnownCrontab("ticked", since, TICK),
                new KnownCrontab("waiting", since, null));
        assertThat(store.knownCrontabs()).containsExactlyInAnyOrderElementsOf(known);
        assertThat(ports.jobs().get()).hasSize(1);
    }

    @Test
    void noItemIsKnownAtFirst() {
        assertThat(store.knownCrontabs()).isEmpty();
    }

    @Test
    void tickBecomesAJobCarryingTheItemsOptionsAndPayloadDueAtTheTick() {
        CronItem item = item("0 * * * * report ?queue=reports&priority=3&max=4 {kind: 'hourly'}");

        assertThat(store.enqueueTick(TICK, List.of(item.jobAt(TICK, true)))).isEqualTo(1);

        assertThat(ports.jobs().get()).singleElement().satisfies(job -> {
            assertThat(job.taskIdentifier()).isEqualTo("report");
            assertThat(job.queueName()).contains("reports");
            assertThat(job.priority()).isEqualTo(3);
            assertThat(job.maxAttempts()).isEqualTo(4);
            assertThat(job.runAt()).isEqualTo(TICK);
            assertThat(job.payload().toString())
                    .isEqualTo("{\"kind\":\"hourly\",\"_cron\":{\"ts\":\"2024-06-15T12:00:00.000Z\",\"backfilled\":true}}");
            assertThat(job.key()).isEmpty();
        });
        assertThat(store.registerKnownCrontabs(List.of("report"), NOW).get("report").lastExecution()).isEqualTo(TICK);
    }

    @Test
    void jobKeyAndItsModeReachAddJob() {
        CronItem item = item("* * * * * digest ?jobKey=digest&jobKeyMode=preserve_run_at");
        store.enqueueTick(TICK, List.of(item.jobAt(TICK, false)));
        Instant nextTick = TICK.plusSeconds(60);

        store.enqueueTick(nextTick, List.of(item.jobAt(nextTick, false)));

        // preserve_run_at: the unattempted job took the newer payload but kept its run at.
        assertThat(ports.jobs().get()).singleElement().satisfies(job -> {
            assertThat(job.key()).contains("digest");
            assertThat(job.runAt()).isEqualTo(TICK);
            assertThat(job.payload().path("_cron").path("ts").asText()).isEqualTo("2024-06-15T12:01:00.000Z");
        });
    }

    @Test
    void tickAlreadyEnqueuedOrOlderThanTheLastIsNotEnqueuedAgain() {
        CronItem item = item("* * * * * tick");
        assertThat(store.enqueueTick(TICK, List.of(item.jobAt(TICK, false)))).isEqualTo(1);

        assertThat(store.enqueueTick(TICK, List.of(item.jobAt(TICK, false)))).isZero();
        Instant earlier = TICK.minusSeconds(60);
        assertThat(store.enqueueTick(earlier, List.of(item.jobAt(earlier, true)))).isZero();

        assertThat(ports.jobs().get()).hasSize(1);
    }

    @Test
    void ofTheItemsOfOneTickOnlyThoseNotYetDoneAreEnqueued() {
        List<CronItem> items = Crontab.parse("* * * * * a\n* * * * * b\n* * * * * c").items();
        store.enqueueTick(TICK, List.of(items.get(1).jobAt(TICK, false)));

        int enqueued = store.enqueueTick(TICK, items.stream().map(i -> i.jobAt(TICK, false)).toList());

        assertThat(enqueued).isEqualTo(2);
        assertThat(ports.jobs().get()).extracting(Job::taskIdentifier).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void workersRacingForTheSameTicksEnqueueEachExactlyOnce() throws Exception {
        List<CronItem> items = Crontab.parse("* * * * * a ?fill=1h\n* * * * * b {n: 2}").items();
        int workers = 8;
        int ticks = 30;
        CountDownLatch ready = new CountDownLatch(workers);
        List<Future<Integer>> results = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            CronStore workersStore = ports.anotherWorker().get();
            results.add(executor.submit(() -> {
                ready.countDown();
                ready.await();
                int enqueued = 0;
                for (int t = 0; t < ticks; t++) {
                    Instant tick = TICK.plusSeconds(60L * t);
                    enqueued += workersStore.enqueueTick(tick, items.stream().map(i -> i.jobAt(tick, false)).toList());
                }
                return enqueued;
            }));
        }

        int total = 0;
        for (Future<Integer> result : results) {
            total += result.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }

        assertThat(total).isEqualTo(ticks * items.size());
        List<Job> jobs = ports.jobs().get();
        assertThat(jobs).hasSize(ticks * items.size());
        assertThat(jobs.stream().map(job -> job.taskIdentifier() + " " + job.payload().path("_cron").path("ts").asText())
                .distinct()).hasSize(ticks * items.size());
    }

    private static CronItem item(String line) {
        return Crontab.parse(line).items().get(0);
    }
}
