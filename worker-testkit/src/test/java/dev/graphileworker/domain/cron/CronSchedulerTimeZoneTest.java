package dev.graphileworker.domain.cron;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.domain.event.WorkerEvents;
import dev.graphileworker.testkit.MutableClock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scheduler driven through both daylight-saving changes of two zones, two days each: an item at a
 * fixed wall-clock time is enqueued once a day, on the day the clocks go forward (at the end of the
 * gap) and on the day they go back (at the first of the two times) alike; ticks stay UTC instants.
 */
class CronSchedulerTimeZoneTest {

    private final ScriptedCronStore store = new ScriptedCronStore();

    @Test
    void parisSpringForwardRunsTheSkippedTimeOnceAtTheEndOfTheGap() {
        run("30 2 * * * wake ?tz=Europe/Paris", ZoneOffset.UTC, "2026-03-28T12:00:30Z", "2026-03-30T12:00:30Z");

        // 02:30 did not exist on the 29th: 03:00 CEST (01:00 UTC); on the 30th 02:30 CEST.
        assertThat(ticks()).containsExactly(Instant.parse("2026-03-29T01:00:00Z"), Instant.parse("2026-03-30T00:30:00Z"));
    }

    @Test
    void parisFallBackRunsTheRepeatedTimeOnceAtItsFirstOccurrence() {
        run("30 2 * * * wake ?tz=Europe/Paris", ZoneOffset.UTC, "2026-10-24T12:00:30Z", "2026-10-26T12:00:30Z");

        // 02:30 happened twice on the 25th: the first, in CEST (00:30 UTC); on the 26th 02:30 CET.
        assertThat(ticks()).containsExactly(Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-26T01:30:00Z"));
    }

    @Test
    void newYorkAsTheCrontabsDefaultZoneThroughBothChanges() {
        ZoneId newYork = ZoneId.of("America/New_York");
        run("30 2 * * * wake", newYork, "2026-03-07T12:00:30Z", "2026-03-09T12:00:30Z");
        run("30 1 * * * wake", newYork, "2026-10-31T12:00:30Z", "2026-11-02T12:00:30Z");

        assertThat(ticks()).containsExactly(
                Instant.parse("2026-03-08T07:00:00Z"),  // 02:30 skipped: 03:00 EDT
                Instant.parse("2026-03-09T06:30:00Z"),  // 02:30 EDT
                Instant.parse("2026-11-01T05:30:00Z"),  // the first 01:30, EDT
                Instant.parse("2026-11-02T06:30:00Z")); // 01:30 EST
    }

    @Test
    void anItemEveryHalfHourFollowsElapsedTimeThroughARepeatedHour() {
        run("*/30 * * * * tick ?tz=Europe/Paris", ZoneOffset.UTC, "2026-10-24T23:45:30Z", "2026-10-25T02:10:30Z");

        assertThat(ticks()).containsExactly(Instant.parse("2026-10-25T00:00:00Z"), Instant.parse("2026-10-25T00:30:00Z"),
                Instant.parse("2026-10-25T01:00:00Z"), Instant.parse("2026-10-25T01:30:00Z"),
                Instant.parse("2026-10-25T02:00:00Z"));
    }

    private void run(String crontab, ZoneId defaultZone, String start, String end) {
        MutableClock clock = MutableClock.at(Instant.parse(start));
        ClockMovingSleeper sleeper = new ClockMovingSleeper(clock, Instant.parse(end));
        CronScheduler scheduler = new CronScheduler(Crontab.parse(crontab, defaultZone), store, clock, sleeper,
                "cron-zone-test", WorkerEvents.none());
        sleeper.stopsWith(scheduler::stop);
        scheduler.run();
    }

    private List<Instant> ticks() {
        return store.enqueued().stream()
                .map(job -> Instant.parse(job.payload().get("_cron").get("ts").asText())).toList();
    }
}
