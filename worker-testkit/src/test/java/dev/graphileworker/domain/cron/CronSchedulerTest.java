package dev.graphileworker.domain.cron;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.api.events.WorkerEvent;
import dev.graphileworker.domain.CronJob;
import dev.graphileworker.domain.event.WorkerEvents;
import dev.graphileworker.domain.time.Sleeper;
import dev.graphileworker.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The scheduler's timing, driven by a clock that the sleeper moves: hours pass in milliseconds. */
class CronSchedulerTest {

    private static final Instant START = Instant.parse("2024-06-15T12:00:30Z");

    private final MutableClock clock = MutableClock.at(START);
    private final ScriptedCronStore store = new ScriptedCronStore();
    private final List<WorkerEvent> received = new CopyOnWriteArrayList<>();

    @Test
    void everyMinuteItemIsEnqueuedOnceAtEachMinute() {
        run("* * * * * tick {n: 1}", "12:10:30", sleeper -> { });

        assertThat(ticks("tick")).isEqualTo(minutes("12:01", "12:10"));
        CronJob first = store.enqueued().get(0);
        assertThat(first.payload().toString())
                .isEqualTo("{\"n\":1,\"_cron\":{\"ts\":\"2024-06-15T12:01:00.000Z\",\"backfilled\":false}}");
        assertThat(first.options().runAt()).contains(at("12:01"));
    }

    @Test
    void eachTickIsReportedAsCronEventsUnderTheOriginalsNames() {
        run("* * * * * tick", "12:02:30", sleeper -> { });

        assertThat(received).extracting(event -> event.type().eventName()).containsExactly(
                "cron:starting", "cron:started", "cron:schedule", "cron:scheduled", "cron:schedule", "cron:scheduled");
        assertThat(received.get(3).details()).containsEntry("timestamp", at("12:01")).containsEntry("enqueued", 1);
    }

    @Test
    void itemIsEnqueuedOnlyAtTheMinutesItsScheduleMatches() {
        run("*/5 * * * * five\n7 * * * * seven", "12:30:30", sleeper -> { });

        assertThat(ticks("five")).containsExactly(at("12:05"), at("12:10"), at("12:15"), at("12:20"), at("12:25"),
                at("12:30"));
        assertThat(ticks("seven")).containsExactly(at("12:07"));
    }

    @Test
    void minutesMissedByWakingLateAreCaughtUpEachOnceAndInOrder() {
        run("* * * * * tick", "12:20:30", sleeper -> sleeper.moveClockAtSleep(3, Duration.ofMinutes(7).plusSeconds(20)));

        assertThat(ticks("tick")).isEqualTo(minutes("12:01", "12:20"));
        assertThat(store.enqueued()).allSatisfy(job -> assertThat(backfilled(job)).isFalse());
        assertThat(store.attemptedTicks()).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void clockSetBackNeitherRepeatsNorLosesATick() {
        run("* * * * * tick", "12:15:30", sleeper -> sleeper.moveClockAtSleep(5, Duration.ofMinutes(-10)));

        assertThat(ticks("tick")).isEqualTo(minutes("12:01", "12:15"));
        assertThat(store.attemptedTicks()).doesNotHaveDuplicates();
    }

    @Test
    void gapLongerThanTheCatchUpLimitIsBackfilledOnlyAsFillAsks() {
        // Sleep 1 ends at 12:01 (the tick is enqueued), sleep 2 should end at 12:02 but ends at 15:02.
        run("* * * * * plain\n* * * * * filled ?fill=30m", "15:05:30",
                sleeper -> sleeper.moveClockAtSleep(2, Duration.ofHours(3)));

        assertThat(ticks("plain")).containsExactly(at("12:01"), at("15:03"), at("15:04"), at("15:05"));
        List<Instant> filled = new ArrayList<>(List.of(at("12:01")));
        filled.addAll(minutes("14:33", "15:05"));
        assertThat(ticks("filled")).isEqualTo(filled);
        assertThat(jobsOf("filled")).filteredOn(CronSchedulerTest::backfilled)
                .extracting(job -> job.options().runAt().orElseThrow())
                .isEqualTo(minutes("14:33", "15:02"));
    }

    @Test
    void startBackfillsKnownItemsWithinTheirWindowAfterTheyBecameKnownAndAfterTheirLastTick() {
        Instant threeHoursAgo = START.minus(Duration.ofHours(3));
        store.knows("long_known", threeHoursAgo, null);
        store.knows("recently_known", START.minus(Duration.ofMinutes(20)), null);
        store.knows("ran_recently", threeHoursAgo, at("11:50"));
        store.knows("no_fill", threeHoursAgo, null);

        run("""
                * * * * * task ?id=long_known&fill=1h
                * * * * * task ?id=recently_known&fill=1h
                * * * * * task ?id=ran_recently&fill=1h
                * * * * * task ?id=no_fill
                * * * * * task ?id=new_item&fill=1h
                """, "12:00:50", sleeper -> { });

        assertThat(ticks("long_known")).isEqualTo(minutes("11:01", "12:00"));
        assertThat(ticks("recently_known")).isEqualTo(minutes("11:41", "12:00"));
        assertThat(ticks("ran_recently")).isEqualTo(minutes("11:51", "12:00"));
        assertThat(ticks("no_fill")).isEmpty();
        assertThat(ticks("new_item")).isEmpty();
        assertThat(store.known("new_item").knownSince()).isEqualTo(START);
        assertThat(store.enqueued()).allSatisfy(job -> assertThat(backfilled(job)).isTrue());
        assertThat(store.attemptedTicks()).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void backfillGoesNoFurtherBackThanTheWindowEvenForItemsKnownLonger() {
        store.knows("quarterly", START.minus(Duration.ofDays(30)), null);

        run("*/15 * * * * task ?id=quarterly&fill=2h", "12:00:50", sleeper -> { });

        assertThat(ticks("quarterly")).containsExactly(at("10:15"), at("10:30"), at("10:45"), at("11:00"),
                at("11:15"), at("11:30"), at("11:45"), at("12:00"));
    }

    @Test
    void databaseOutageIsRetriedAndTheMinutesItCoveredAreCaughtUp() {
        // Eight failures wait 1 + 2 + 4 + 8 + 16 + 32 + 60 + 60 seconds: past 12:05.
        store.failAt(at("12:03"), 8);

        run("* * * * * tick", "12:10:30", sleeper -> { });

        assertThat(ticks("tick")).isEqualTo(minutes("12:01", "12:10"));
    }

    @Test
    void failureAtStartIsRetriedUntilTheItemsAreRegistered() {
        store.failNext(3);

        run("* * * * * tick", "12:03:30", sleeper -> { });

        assertThat(store.registrations()).isEqualTo(1);
        assertThat(ticks("tick")).isEqualTo(minutes("12:01", "12:03"));
    }

    @Test
    void stopEndsTheSchedulersThread() throws InterruptedException {
        CronScheduler scheduler = new CronScheduler(Crontab.parse("* * * * * tick"), store,
                Clock.fixed(START, ZoneOffset.UTC), Sleeper.realTime(), "cron-stop-test", WorkerEvents.none());

        scheduler.start();
        assertThat(store.awaitRegistration(Duration.ofSeconds(60))).isTrue();
        Thread thread = threadNamed("cron-stop-test");
        scheduler.stop();

        assertThat(thread).isNotNull();
        assertThat(thread.isAlive()).isFalse();
    }

    @Test
    void emptyCrontabStartsNoThreadAndStoppingItIsHarmless() {
        CronScheduler scheduler = new CronScheduler(Crontab.empty(), store, clock, Sleeper.realTime(), "cron-empty",
                WorkerEvents.none());

        scheduler.start();

        assertThat(threadNamed("cron-empty")).isNull();
        scheduler.stop();
        assertThat(store.registrations()).isZero();
    }

    private void run(String crontab, String endTime, Consumer<ClockMovingSleeper> script) {
        ClockMovingSleeper sleeper = new ClockMovingSleeper(clock, Instant.parse("2024-06-15T" + endTime + "Z"));
        script.accept(sleeper);
        try (WorkerEvents events = new WorkerEvents("worker-cron-test", List.of(received::add), clock)) {
            CronScheduler scheduler = new CronScheduler(Crontab.parse(crontab), store, clock, sleeper, "cron-test",
                    events);
            sleeper.stopsWith(scheduler::stop);
            scheduler.run();
        }
    }

    private List<CronJob> jobsOf(String identifier) {
        return store.enqueued().stream().filter(job -> job.identifier().equals(identifier)).toList();
    }

    private List<Instant> ticks(String identifier) {
        return jobsOf(identifier).stream()
                .map(job -> Instant.parse(job.payload().get("_cron").get("ts").asText())).toList();
    }

    private static boolean backfilled(CronJob job) {
        return job.payload().get("_cron").get("backfilled").asBoolean();
    }

    private static Instant at(String time) {
        return Instant.parse("2024-06-15T" + time + ":00Z");
    }

    private static List<Instant> minutes(String first, String last) {
        List<Instant> minutes = new ArrayList<>();
        for (Instant minute = at(first); !minute.isAfter(at(last)); minute = minute.plusSeconds(60)) {
            minutes.add(minute);
        }
        return minutes;
    }

    private static Thread threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElse(null);
    }
}
