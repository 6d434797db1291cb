package dev.graphileworker.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.admin.Activity;
import dev.graphileworker.api.admin.CronItemView;
import dev.graphileworker.api.admin.HistoryEntry;
import dev.graphileworker.api.admin.HistoryPage;
import dev.graphileworker.api.admin.JobFilter;
import dev.graphileworker.api.admin.PageRequest;
import dev.graphileworker.api.admin.QueueAdministration;
import dev.graphileworker.domain.JobCompletion;
import dev.graphileworker.domain.JobFailure;
import dev.graphileworker.domain.cron.Crontab;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the administration contract cannot check without moving the queue's clock: exactly which
 * minute an event falls in, the window's edges, and next runs of cron items from a given now.
 */
class InMemoryQueueAdministrationTest {

    private static final String WORKER = "worker-a";

    private final MutableClock clock = MutableClock.at(Instant.parse("2024-06-15T12:00:30Z"));
    private final InMemoryJobQueue queue = new InMemoryJobQueue(clock);
    private final QueueAdministration administration = queue.administration();

    @Test
    void aFailureCountsInTheMinuteTheQueuesClockShowedWhenItFailed() {
        Job job = add("flaky", AddJobOptions.defaults());
        clock.advance(Duration.ofMinutes(3));
        claim("flaky");

        queue.failJobs(WORKER, List.of(new JobFailure(job.id(), "boom", Duration.ofSeconds(10))));

        assertThat(queue.job(job.id()).orElseThrow().updatedAt()).isEqualTo(Instant.parse("2024-06-15T12:03:30Z"));
        Activity activity = administration.activity(Duration.ofMinutes(10));
        assertThat(activity.source()).isEqualTo(Activity.Source.OBSERVED);
        assertThat(activity.minutes().get(0).start()).isEqualTo(Instant.parse("2024-06-15T11:54:00Z"));
        assertThat(activity.minutes().get(9)).isEqualTo(
                new Activity.Minute(Instant.parse("2024-06-15T12:03:00Z"), OptionalLong.empty(), 1));
        assertThat(activity.totalFailed()).isEqualTo(1);
    }

    @Test
    void aReleasedJobIsUpdatedAsOnPostgres() {
        Job job = add("slow", AddJobOptions.defaults());
        claim("slow");
        clock.advance(Duration.ofMinutes(2));

        queue.releaseJobs(WORKER, List.of(job.id()));

        assertThat(queue.job(job.id()).orElseThrow().updatedAt()).isEqualTo(clock.instant());
    }

    @Test
    void aFailureMovesOutOfTheWindowWhenItsMinuteIsOlderThanTheWindow() {
        Job job = add("flaky", AddJobOptions.defaults());
        claim("flaky");
        queue.failJobs(WORKER, List.of(new JobFailure(job.id(), "boom", Duration.ofHours(2))));
        clock.advanceTo(Instant.parse("2024-06-15T12:29:59Z"));

        assertThat(administration.activity(Duration.ofMinutes(30)).totalFailed()).isEqualTo(1);

        clock.advanceTo(Instant.parse("2024-06-15T12:30:00Z"));

        assertThat(administration.activity(Duration.ofMinutes(30)).totalFailed()).isZero();
        assertThat(administration.activity(Duration.ofMinutes(31)).minutes().get(0))
                .isEqualTo(new Activity.Minute(Instant.parse("2024-06-15T12:00:00Z"), OptionalLong.empty(), 1));
    }

    @Test
    void withHistoryTheMinutesHoldCompletionsAndLastFailuresAsRecorded() {
        queue.keepHistory();
        Job done = add("report", AddJobOptions.defaults());
        Job dead = add("charge", AddJobOptions.defaults().withMaxAttempts(1));
        Job retrying = add("charge", AddJobOptions.defaults().withMaxAttempts(5));
        claim("report");
        queue.completeJobsWithRunTimes(WORKER, List.of(new JobCompletion(done.id(), Duration.ofMillis(40))));
        clock.advanceTo(Instant.parse("2024-06-15T12:05:10Z"));
        assertThat(queue.claimJobs(WORKER, Set.of("charge"), Set.of(), 2)).hasSize(2);
        queue.failJobs(WORKER, List.of(new JobFailure(dead.id(), "Card declined", Duration.ZERO),
                new JobFailure(retrying.id(), "Timeout", Duration.ofMinutes(1))));
        clock.advanceTo(Instant.parse("2024-06-15T12:10:00Z"));

        Activity activity = administration.activity(Duration.ofMinutes(11));

        assertThat(activity.source()).isEqualTo(Activity.Source.HISTORY);
        assertThat(activity.minutes()).hasSize(11);
        assertThat(activity.minutes().get(0))
                .isEqualTo(new Activity.Minute(Instant.parse("2024-06-15T12:00:00Z"), OptionalLong.of(1), 0));
        assertThat(activity.minutes().get(5))
                .isEqualTo(new Activity.Minute(Instant.parse("2024-06-15T12:05:00Z"), OptionalLong.of(0), 1));
        assertThat(activity.totalCompleted()).hasValue(1);
        assertThat(activity.totalFailed()).isEqualTo(1);
        assertThat(administration.activity(Duration.ofMinutes(10)).totalCompleted()).hasValue(0);
    }

    @Test
    void historyIsPagedAndFilteredAsThePostgresReaderDoes() {
        queue.keepHistory();
        for (String task : List.of("a", "b", "a", "a")) {
            Job job = add(task, AddJobOptions.defaults().withQueueName("q_" + task));
            claim(task);
            queue.completeJobs(WORKER, List.of(job.id()));
        }
        Job dead = add("b", AddJobOptions.defaults().withMaxAttempts(1).withJobKey("dead").withQueueName("q_b"));
        claim("b");
        queue.failJobs(WORKER, List.of(new JobFailure(dead.id(), "Card DECLINED", Duration.ZERO)));

        HistoryPage first = administration.history(JobFilter.all().withTask("a"), PageRequest.first().withLimit(2));
        HistoryPage second = administration.history(JobFilter.all().withTask("a"),
                PageRequest.first().withLimit(2).after(first.nextCursor().orElseThrow()));

        assertThat(first.entries()).extracting(HistoryEntry::jobId).containsExactly(4L, 3L);
        assertThat(second.entries()).extracting(HistoryEntry::jobId).containsExactly(1L);
        assertThat(second.nextCursor()).isEmpty();
        assertThat(administration.history(JobFilter.all().withErrorContaining("declined").withJobKey("dead"),
                PageRequest.first()).entries()).singleElement().satisfies(entry -> {
                    assertThat(entry.outcome()).isEqualTo(HistoryEntry.Outcome.PERMANENTLY_FAILED);
                    assertThat(entry.queueName()).contains("q_b");
                    assertThat(entry.attempts()).isEqualTo(1);
                    assertThat(entry.workerId()).isEqualTo(WORKER);
                });
        assertThat(administration.history(JobFilter.all().withQueue("q_b"),
                PageRequest.first().withOrder(PageRequest.Order.OLDEST_FIRST)).entries())
                .extracting(HistoryEntry::jobId).containsExactly(2L, 5L);
        assertThatThrownBy(() -> administration.history(JobFilter.all(), PageRequest.first().after("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Not a cursor");
    }

    @Test
    void withoutHistoryNothingIsRecorded() {
        Job job = add("report", AddJobOptions.defaults());
        claim("report");
        queue.completeJobs(WORKER, List.of(job.id()));

        assertThat(administration.history(JobFilter.all(), PageRequest.first()).entries()).isEmpty();
        assertThat(administration.activity(Duration.ofMinutes(5)).completionsKnown()).isFalse();
    }

    @Test
    void nextRunsAreReckonedOnTheQueuesClockInEachItemsZone() {
        clock.advanceTo(Instant.parse("2024-06-15T12:07:30Z"));
        ZoneId newYork = ZoneId.of("America/New_York");
        String crontab = "*/15 * * * * sync_stock\n0 4 * * * report ?tz=Europe/Paris\n30 2 1 1 * audit";

        List<CronItemView> views = administration.crontab(crontab, newYork);

        assertThat(views).extracting(CronItemView::nextRun).containsExactly(
                Optional.of(Instant.parse("2024-06-15T12:15:00Z")),
                Optional.of(Instant.parse("2024-06-16T02:00:00Z")),
                Optional.of(Instant.parse("2025-01-01T07:30:00Z")));
        assertThat(views).extracting(CronItemView::zone).containsExactly(Optional.of(newYork),
                Optional.of(ZoneId.of("Europe/Paris")), Optional.of(newYork));
    }

    @Test
    void theLastExecutionIsTheLatestTickAWorkerEnqueued() {
        Instant tick = Instant.parse("2024-06-15T12:00:00Z");
        queue.cronStore().registerKnownCrontabs(List.of("sync_stock"), Instant.parse("2024-06-01T00:00:00Z"));
        queue.cronStore().enqueueTick(tick, List.of(Crontab.parse("*/15 * * * * sync_stock").items().get(0)
                .jobAt(tick, false)));

        assertThat(administration.crontab("*/15 * * * * sync_stock", ZoneId.of("UTC"))).singleElement()
                .satisfies(view -> {
                    assertThat(view.lastExecution()).contains(tick);
                    assertThat(view.knownSince()).contains(Instant.parse("2024-06-01T00:00:00Z"));
                    assertThat(view.nextRun()).contains(Instant.parse("2024-06-15T12:15:00Z"));
                });
    }

    private Job add(String task, AddJobOptions options) {
        return queue.addJob(task, JsonNodeFactory.instance.objectNode(), options);
    }

    private void claim(String task) {
        assertThat(queue.claimJobs(WORKER, Set.of(task), Set.of(), 1)).as("claimed %s", task).hasSize(1);
    }
}
