package dev.graphileworker.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.admin.ActionResult;
import dev.graphileworker.api.admin.Activity;
import dev.graphileworker.api.admin.CronItemView;
import dev.graphileworker.api.admin.HistoryEntry;
import dev.graphileworker.api.admin.JobFilter;
import dev.graphileworker.api.admin.JobPage;
import dev.graphileworker.api.admin.JobSelection;
import dev.graphileworker.api.admin.JobState;
import dev.graphileworker.api.admin.JobView;
import dev.graphileworker.api.admin.PageRequest;
import dev.graphileworker.api.admin.QueueAdministration;
import dev.graphileworker.api.admin.QueueView;
import dev.graphileworker.api.admin.TaskView;
import dev.graphileworker.api.admin.WorkerView;
import dev.graphileworker.domain.JobCompletion;
import dev.graphileworker.domain.JobFailure;
import dev.graphileworker.domain.cron.CronItem;
import dev.graphileworker.domain.cron.CronSchedule;
import dev.graphileworker.domain.cron.Crontab;
import dev.graphileworker.domain.port.CronStore;
import dev.graphileworker.domain.port.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operators' administration ({@link QueueAdministration}): every state classified, each filter
 * criterion, both orders, keyset pages that neither lose nor repeat jobs added meanwhile, one job in
 * full, every action by ids and by filter with its refusals, the views of queues, tasks and workers,
 * counts, the activity per minute with and without history, and a crontab's items. Each action is
 * checked to leave every other job exactly as it was.
 *
 * <p>Part of the port contract: an adapter's test extends it in a {@code @Nested} class, as
 * {@link JobQueueContract} describes, and also says how to get the administration of the same queue,
 * its cron store, and a store that keeps the history of finished jobs.
 */
public abstract class AdministrationContract extends JobQueueContract {

    /** A worker of this library that promises a session (its id says so) but has none open. */
    protected static final String SESSION_WORKER = "worker-java-0123456789abcdef0123";

    /** The administration under test, over the same queue as the ports. */
    protected QueueAdministration administration;

    /** A queue with one job in each state; see {@link #buildQueueWithEveryState()}. */
    private Fixture fixture;

    /** For an adapter's test. */
    protected AdministrationContract() {
    }

    /** @return the administration of the queue the last {@link #createPorts()} made */
    protected abstract QueueAdministration createAdministration();

    /**
     * @return a cron store over the same queue as the administration, as a worker's would be, with no
     *     item known yet
     */
    protected abstract CronStore createCronStore();

    /**
     * Starts keeping the history of finished jobs for the queue, as a worker with
     * {@code WorkerOptions.keepHistory} does (on PostgreSQL: creating the history table). Until a test
     * calls it, the queue has no history.
     *
     * @return a store over the same queue that records in the history the jobs it completes and those
     *     whose last attempt it fails
     */
    protected abstract JobStore keepHistory();

    @BeforeEach
    final void createAdministrationOfTheQueue() {
        administration = createAdministration();
    }

    /** Ids of one job in each state, and the named queue the locked one holds. */
    private record Fixture(long runnable, long scheduled, long locked, long failed, long permanentlyFailed) {
        List<Long> all() {
            return List.of(runnable, scheduled, locked, failed, permanentlyFailed);
        }
    }

    /**
     * Runnable (due, in queue {@code q_free}), scheduled (tomorrow, flag {@code vip}), locked (claimed by
     * {@link #WORKER}, in queue {@code q_locked}), failed (one failure, retried in an hour, with error
     * {@code Timeout after 50% done_now}), permanently failed (one attempt of one, error
     * {@code Card declined}, key {@code dead}).
     */
    private Fixture buildQueueWithEveryState() {
        long runnable = admin.addJob("t_runnable", json("{\"n\":1}"), AddJobOptions.defaults().withQueueName("q_free")
                .withJobKey("runnable")).id();
        long scheduled = admin.addJob("t_scheduled", json("{}"), AddJobOptions.defaults()
                .withRunAt(at(Duration.ofDays(1))).withFlags(Set.of("vip"))).id();
        long locked = admin.addJob("t_locked", json("{}"), AddJobOptions.defaults().withQueueName("q_locked")).id();
        assertThat(claim(WORKER, 1, "t_locked")).extracting(Job::id).containsExactly(locked);
        long failed = admin.addJob("t_failed", json("{}"), AddJobOptions.defaults().withMaxAttempts(3)).id();
        assertThat(claim(WORKER, 1, "t_failed")).extracting(Job::id).containsExactly(failed);
        store.failJobs(WORKER, List.of(new JobFailure(failed, "Timeout after 50% done_now", Duration.ofHours(1))));
        long dead = admin.addJob("t_dead", json("{}"), AddJobOptions.defaults().withMaxAttempts(1)
                .withJobKey("dead")).id();
        assertThat(claim(OTHER_WORKER, 1, "t_dead")).extracting(Job::id).containsExactly(dead);
        store.failJobs(OTHER_WORKER, List.of(new JobFailure(dead, "Card declined", Duration.ZERO)));
        return new Fixture(runnable, scheduled, locked, failed, dead);
    }

    private Fixture fixture() {
        if (fixture == null) {
            fixture = buildQueueWithEveryState();
        }
        return fixture;
    }

    // --- states and filters --------------------------------------------------------------------

    @Test
    void everyJobIsInTheStateItsColumnsSay() {
        Fixture jobs = fixture();

        Map<Long, JobState> states = administration.jobs(JobFilter.all(), PageRequest.first()).jobs().stream()
                .collect(Collectors.toMap(view -> view.job().id(), JobView::state));

        assertThat(states).isEqualTo(Map.of(jobs.runnable(), JobState.RUNNABLE, jobs.scheduled(), JobState.SCHEDULED,
                jobs.locked(), JobState.LOCKED, jobs.failed(), JobState.FAILED,
                jobs.permanentlyFailed(), JobState.PERMANENTLY_FAILED));
    }

    @Test
    void aFilterOnStatesFindsTheJobsInThoseStatesOnly() {
        Fixture jobs = fixture();

        assertThat(ids(JobFilter.all().withStates(JobState.RUNNABLE))).containsExactly(jobs.runnable());
        assertThat(ids(JobFilter.all().withStates(JobState.SCHEDULED))).containsExactly(jobs.scheduled());
        assertThat(ids(JobFilter.all().withStates(JobState.LOCKED))).containsExactly(jobs.locked());
        assertThat(ids(JobFilter.all().withStates(JobState.FAILED))).containsExactly(jobs.failed());
        assertThat(ids(JobFilter.all().withStates(JobState.PERMANENTLY_FAILED))).containsExactly(jobs.permanentlyFailed());
        assertThat(ids(JobFilter.all().withStates(JobState.FAILED, JobState.PERMANENTLY_FAILED)))
                .containsExactly(jobs.permanentlyFailed(), jobs.failed());
    }

    @Test
    void eachCriterionOfAFilterNarrowsTheListing() {
        Fixture jobs = fixture();

        assertThat(ids(JobFilter.all().withTask("t_scheduled"))).containsExactly(jobs.scheduled());
        assertThat(ids(JobFilter.all().withTask("t_unknown"))).isEmpty();
        assertThat(ids(JobFilter.all().withQueue("q_locked"))).containsExactly(jobs.locked());
        assertThat(ids(JobFilter.all().withQueue("q_unknown"))).isEmpty();
        assertThat(ids(JobFilter.all().withJobKey("dead"))).containsExactly(jobs.permanentlyFailed());
        assertThat(ids(JobFilter.all().withFlag("vip"))).containsExactly(jobs.scheduled());
        assertThat(ids(JobFilter.all().withFlag("other"))).isEmpty();
        assertThat(ids(JobFilter.all().withErrorContaining("card DECLINED"))).containsExactly(jobs.permanentlyFailed());
        assertThat(ids(JobFilter.all().withTask("t_dead").withStates(JobState.RUNNABLE))).isEmpty();
        assertThat(ids(JobFilter.all().withTask("t_dead").withJobKey("dead").withErrorContaining("card")))
                .containsExactly(jobs.permanentlyFailed());
    }

    @Test
    void errorTextIsMatchedLiterallyWithPercentAndUnderscoreAsPlainCharacters() {
        Fixture jobs = fixture();
        long lookalike = admin.addJob("t_lookalike", json("{}"), AddJobOptions.defaults().withMaxAttempts(1)).id();
        claimOne("t_lookalike");
        store.failJobs(WORKER, List.of(new JobFailure(lookalike, "Timeout after 500 doneXnow", Duration.ZERO)));

        assertThat(ids(JobFilter.all().withErrorContaining("50% done_"))).containsExactly(jobs.failed());
        assertThat(ids(JobFilter.all().withErrorContaining("%"))).containsExactly(jobs.failed());
        assertThat(ids(JobFilter.all().withErrorContaining("_"))).containsExactly(jobs.failed());
        assertThat(ids(JobFilter.all().withErrorContaining("timeout after 50")))
                .containsExactly(lookalike, jobs.failed());
    }

    // --- counts ------------------------------------------------------------------------------------

    @Test
    void aCountIsTheNumberOfJobsListedOverAllPages() {
        fixture();
        addJobs(4);
        for (int i = 0; i < 3; i++) {
            add("{}", options -> options.withFlags(Set.of("bulk")));
        }
        List<JobFilter> filters = new ArrayList<>(List.of(JobFilter.all(), JobFilter.all().withTask(TASK),
                JobFilter.all().withTask(TASK).withFlag("bulk"), JobFilter.all().withQueue("q_locked"),
                JobFilter.all().withJobKey("dead"), JobFilter.all().withErrorContaining("E"),
                JobFilter.all().withStates(JobState.FAILED, JobState.PERMANENTLY_FAILED),
                JobFilter.all().withTask("t_unknown")));
        for (JobState state : JobState.values()) {
            filters.add(JobFilter.all().withStates(state));
        }

        for (JobFilter filter : filters) {
            assertThat(administration.count(filter)).as("count of %s", filter).isEqualTo(listedOverAllPages(filter));
        }
        assertThat(administration.count(JobFilter.all())).isEqualTo(12);
        assertThat(administration.count(JobFilter.all().withStates(JobState.RUNNABLE))).isEqualTo(8);
        assertThat(administration.count(JobFilter.all().withTask("t_unknown"))).isZero();
    }

    // --- activity ----------------------------------------------------------------------------------

    @Test
    void withoutHistoryActivityCountsEachFailedJobAtItsLatestFailureAndKnowsNoCompletions() {
        Fixture jobs = fixture();
        long completed = add("{}", UnaryOperator.identity());
        claimOne(TASK);
        store.completeJobs(WORKER, List.of(completed));
        Instant before = Instant.now();

        Activity activity = administration.activity(Duration.ofHours(1));

        Instant after = Instant.now();
        assertThat(activity.source()).isEqualTo(Activity.Source.OBSERVED);
        assertThat(activity.completionsKnown()).isFalse();
        assertThat(activity.totalCompleted()).isEmpty();
        assertThat(activity.minutes()).allSatisfy(minute -> assertThat(minute.completed()).isEmpty());
        assertMinutesEndingNow(activity, 60, before, after);
        Map<Instant, Long> expected = new TreeMap<>();
        for (long id : List.of(jobs.failed(), jobs.permanentlyFailed())) {
            expected.merge(stored(id).updatedAt().truncatedTo(ChronoUnit.MINUTES), 1L, Long::sum);
        }
        assertThat(failuresByMinute(activity)).isEqualTo(expected);
        assertThat(activity.totalFailed()).isEqualTo(2);
    }

    @Test
    void withHistoryActivityCountsCompletionsAndPermanentFailuresPerMinute() {
        JobStore recording = keepHistory();
        long first = add("{}", UnaryOperator.identity());
        long second = add("{}", UnaryOperator.identity());
        assertThat(claim(WORKER, 2, TASK)).hasSize(2);
        recording.completeJobsWithRunTimes(WORKER, List.of(new JobCompletion(first, Duration.ofMillis(5)),
                new JobCompletion(second, Duration.ofMillis(7))));
        long dead = admin.addJob("t_dead", json("{}"), AddJobOptions.defaults().withMaxAttempts(1)).id();
        assertThat(claim(WORKER, 1, "t_dead")).hasSize(1);
        recording.failJobs(WORKER, List.of(new JobFailure(dead, "Card declined", Duration.ZERO)));
        long retrying = admin.addJob("t_retrying", json("{}"), AddJobOptions.defaults().withMaxAttempts(3)).id();
        assertThat(claim(WORKER, 1, "t_retrying")).hasSize(1);
        recording.failJobs(WORKER, List.of(new JobFailure(retrying, "Timeout", Duration.ofHours(1))));
        Instant before = Instant.now();

        Activity activity = administration.activity(Duration.ofMinutes(30));

        Instant after = Instant.now();
        List<HistoryEntry> entries = administration.history(JobFilter.all(), PageRequest.first()).entries();
        // A failed attempt with retries to come is not finished, so not in the history.
        assertThat(entries).extracting(HistoryEntry::jobId).containsExactlyInAnyOrder(first, second, dead);
        assertThat(activity.source()).isEqualTo(Activity.Source.HISTORY);
        assertThat(activity.completionsKnown()).isTrue();
        assertMinutesEndingNow(activity, 30, before, after);
        Map<Instant, List<Long>> expected = new TreeMap<>();
        for (HistoryEntry entry : entries) {
            List<Long> counts = expected.computeIfAbsent(entry.finishedAt().truncatedTo(ChronoUnit.MINUTES),
                    minute -> new ArrayList<>(List.of(0L, 0L)));
            int which = entry.outcome() == HistoryEntry.Outcome.COMPLETED ? 0 : 1;
            counts.set(which, counts.get(which) + 1);
        }
        Map<Instant, List<Long>> counted = new TreeMap<>();
        for (Activity.Minute minute : activity.minutes()) {
            assertThat(minute.completed()).as("minute %s", minute.start()).isPresent();
            if (minute.completed().getAsLong() > 0 || minute.failed() > 0) {
                counted.put(minute.start(), List.of(minute.completed().getAsLong(), minute.failed()));
            }
        }
        assertThat(counted).isEqualTo(expected);
        assertThat(activity.totalCompleted()).hasValue(2);
        assertThat(activity.totalFailed()).isEqualTo(1);
    }

    @Test
    void anActivityWindowIsWholeMinutesFromOneMinuteToADay() {
        for (Duration window : List.of(Duration.ZERO, Duration.ofMinutes(-5), Duration.ofSeconds(90),
                Duration.ofMillis(1), Duration.ofHours(24).plusMinutes(1))) {
            assertThatThrownBy(() -> administration.activity(window)).as("window %s", window)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("whole number of minutes from 1 minute to 24 hours")
                    .hasMessageContaining(window.toString());
        }
        assertThat(administration.activity(Duration.ofMinutes(1)).minutes()).hasSize(1);
        assertThat(administration.activity(Duration.ofHours(24)).minutes()).hasSize(24 * 60)
                .allSatisfy(minute -> assertThat(minute.failed()).isZero());
    }

    // --- crontab -----------------------------------------------------------------------------------

    @Test
    void crontabShowsEachItemWithItsScheduleZoneLastExecutionAndNextRun() {
        CronStore cron = createCronStore();
        Instant knownSince = Instant.parse("2024-06-01T08:00:00Z");
        Instant tick = Instant.parse("2024-06-15T12:15:00Z");
        List<CronItem> items = Crontab.parse(CRONTAB, NEW_YORK).items();
        cron.registerKnownCrontabs(List.of("stock_sync", "retired_report"), knownSince);
        cron.enqueueTick(tick, List.of(items.get(1).jobAt(tick, false),
                Crontab.parse("0 * * * * old_report ?id=retired_report").items().get(0).jobAt(tick, false)));
        Instant before = Instant.now();

        List<CronItemView> views = administration.crontab(CRONTAB, NEW_YORK);

        Instant after = Instant.now();
        assertThat(views).extracting(CronItemView::identifier)
                .containsExactly("send_report", "stock_sync", "yearly_audit", "retired_report");
        assertThat(views.get(0)).satisfies(report -> {
            assertThat(report.inCrontab()).isTrue();
            assertThat(report.taskIdentifier()).contains("send_report");
            assertThat(report.schedule()).contains("0 4 * * *");
            assertThat(report.zone()).contains(ZoneId.of("Europe/Paris"));
            assertThat(report.knownSince()).isEmpty();
            assertThat(report.lastExecution()).isEmpty();
        });
        assertThat(views.get(1)).isEqualTo(new CronItemView("stock_sync", true, Optional.of("sync_stock"),
                Optional.of("*/15 * * * *"), Optional.of(NEW_YORK), Optional.of(knownSince), Optional.of(tick),
                views.get(1).nextRun()));
        assertThat(views.get(3)).isEqualTo(new CronItemView("retired_report", false, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(knownSince), Optional.of(tick), Optional.empty()));
        for (int i = 0; i < items.size(); i++) {
            CronSchedule schedule = items.get(i).schedule();
            assertThat(views.get(i).nextRun()).as("next run of %s", items.get(i).identifier())
                    .hasValueSatisfying(next -> assertThat(next).isBetween(
                            schedule.nextTickAfter(before.minus(CLOCK_TOLERANCE)).orElseThrow(),
                            schedule.nextTickAfter(after.plus(CLOCK_TOLERANCE)).orElseThrow()));
        }
    }

    @Test
    void readingACrontabRegistersNothing() {
        CronStore cron = createCronStore();

        assertThat(administration.crontab(CRONTAB, NEW_YORK)).allSatisfy(view -> {
            assertThat(view.knownSince()).isEmpty();
            assertThat(view.lastExecution()).isEmpty();
        });
        assertThat(cron.knownCrontabs()).isEmpty();
        assertThat(administration.crontab("", ZoneOffset.UTC)).isEmpty();
    }

    @Test
    void aScheduleThatNeverFiresHasNoNextRun() {
        assertThat(administration.crontab("0 0 30 2 * never_runs", ZoneOffset.UTC)).singleElement()
                .satisfies(view -> {
                    assertThat(view.inCrontab()).isTrue();
                    assertThat(view.nextRun()).isEmpty();
                });
    }

    @Test
    void aCrontabThatCannotBeUsedIsRefusedWithItsFirstBadLine() {
        assertThatThrownBy(() -> administration.crontab("# nightly\n0 4 * * * report\n61 * * * * sync", ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("crontab line 3: ")
                .hasMessageContaining("'61'");
        assertThatThrownBy(() -> administration.crontab("0 4 * * * report ?tz=Mars/Olympus", ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("crontab line 1: ")
                .hasMessageContaining("Mars/Olympus");
    }

    // --- order and pages -------------------------------------------------------------------------

    @Test
    void listingsAreNewestFirstByDefaultOrOldestFirst() {
        List<Long> added = addJobs(4);

        assertThat(administration.jobs(JobFilter.all(), PageRequest.first()).jobs())
                .extracting(view -> view.job().id()).containsExactlyElementsOf(reversed(added));
        assertThat(administration.jobs(JobFilter.all(), PageRequest.first().withOrder(PageRequest.Order.OLDEST_FIRST))
                .jobs()).extracting(view -> view.job().id()).containsExactlyElementsOf(added);
    }

    @Test
    void pagesNewestFirstNeitherLoseNorRepeatJobsWhenJobsAreAddedBetweenPages() {
        List<Long> added = addJobs(7);
        PageRequest request = PageRequest.first().withLimit(3);

        List<Long> seen = new ArrayList<>();
        JobPage page = administration.jobs(JobFilter.all(), request);
        seen.addAll(idsOf(page));
        while (page.nextCursor().isPresent()) {
            addJobs(2); // newer than every page still to come: they belong before the first page
            page = administration.jobs(JobFilter.all(), request.after(page.nextCursor().get()));
            seen.addAll(idsOf(page));
        }

        assertThat(seen).containsExactlyElementsOf(reversed(added));
    }

    @Test
    void pagesOldestFirstReachTheJobsAddedWhileReading() {
        List<Long> expected = new ArrayList<>(addJobs(5));
        PageRequest request = PageRequest.first().withLimit(2).withOrder(PageRequest.Order.OLDEST_FIRST);

        List<Long> seen = new ArrayList<>();
        JobPage page = administration.jobs(JobFilter.all(), request);
        seen.addAll(idsOf(page));
        int rounds = 0;
        while (page.nextCursor().isPresent()) {
            if (rounds++ < 2) {
                expected.addAll(addJobs(1));
            }
            page = administration.jobs(JobFilter.all(), request.after(page.nextCursor().get()));
            assertThat(page.jobs()).hasSizeLessThanOrEqualTo(2);
            seen.addAll(idsOf(page));
        }

        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void aFilteredListingIsPagedOverTheMatchingJobsOnly() {
        List<Long> others = addJobs(3);
        List<Long> flagged = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            flagged.add(add("{}", options -> options.withFlags(Set.of("bulk"))));
            others.addAll(addJobs(1));
        }
        PageRequest request = PageRequest.first().withLimit(2);
        JobFilter filter = JobFilter.all().withFlag("bulk");

        List<Long> seen = new ArrayList<>();
        JobPage page = administration.jobs(filter, request);
        seen.addAll(idsOf(page));
        while (page.nextCursor().isPresent()) {
            page = administration.jobs(filter, request.after(page.nextCursor().get()));
            seen.addAll(idsOf(page));
        }

        assertThat(seen).containsExactlyElementsOf(reversed(flagged));
    }

    @Test
    void theLastPageHasNoCursor() {
        addJobs(2);

        assertThat(administration.jobs(JobFilter.all(), PageRequest.first().withLimit(2)).nextCursor()).isEmpty();
        assertThat(administration.jobs(JobFilter.all(), PageRequest.first().withLimit(1)).nextCursor()).isPresent();
        assertThat(administration.jobs(JobFilter.all().withTask("t_unknown"), PageRequest.first()).jobs()).isEmpty();
    }

    @Test
    void aCursorThatNoListingGaveIsRejectedWithAClearMessage() {
        addJobs(1);
        String notOurs = Base64.getUrlEncoder().encodeToString("page:2".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        for (String cursor : List.of("", "42", "not a cursor!", notOurs)) {
            assertThatThrownBy(() -> administration.jobs(JobFilter.all(), PageRequest.first().after(cursor)))
                    .as("cursor '%s'", cursor)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a page cursor");
        }
    }

    // --- one job ---------------------------------------------------------------------------------

    @Test
    void aJobIsReadByIdOrKeyWithEveryColumn() {
        Fixture jobs = fixture();

        for (long id : jobs.all()) {
            Job stored = stored(id);
            assertThat(administration.job(id)).as("job %s", id)
                    .hasValueSatisfying(view -> assertThat(view.job()).isEqualTo(stored));
        }
        assertThat(administration.jobByKey("dead")).hasValueSatisfying(view -> {
            assertThat(view.job()).isEqualTo(stored(jobs.permanentlyFailed()));
            assertThat(view.state()).isEqualTo(JobState.PERMANENTLY_FAILED);
        });
        assertThat(administration.job(jobs.locked()).orElseThrow().job().lockedBy()).contains(WORKER);
        assertThat(administration.job(jobs.runnable()).orElseThrow().job().payload()).isEqualTo(json("{\"n\":1}"));
        assertThat(administration.job(jobs.scheduled()).orElseThrow().job().flags()).containsExactly("vip");
    }

    @Test
    void anUnknownIdOrKeyFindsNothing() {
        fixture();

        assertThat(administration.job(999_999)).isEmpty();
        assertThat(administration.jobByKey("unknown")).isEmpty();
    }

    // --- actions -----------------------------------------------------------------------------------

    @Test
    void retryMakesAPermanentlyFailedJobDueWithOneMoreAttemptAndKeepsItsError() {
        Fixture jobs = fixture();
        Instant before = Instant.now();

        ActionResult result = untouchingOthers(List.of(jobs.permanentlyFailed()),
                () -> administration.retry(JobSelection.ids(jobs.permanentlyFailed()), false, false));

        assertThat(result).isEqualTo(new ActionResult(List.of(jobs.permanentlyFailed()), List.of(), List.of()));
        Job retried = stored(jobs.permanentlyFailed());
        assertSetDuringTheCall(retried.runAt(), before, Instant.now());
        assertThat(retried.attempts()).isEqualTo(1);
        assertThat(retried.maxAttempts()).isEqualTo(2);
        assertThat(retried.lastError()).contains("Card declined");
        assertThat(claim(WORKER, 10, "t_dead")).extracting(Job::id).containsExactly(jobs.permanentlyFailed());
    }

    @Test
    void retryWithResetGivesAJobAllItsAttemptsAgain() {
        Fixture jobs = fixture();

        ActionResult result = untouchingOthers(List.of(jobs.failed()),
                () -> administration.retry(JobSelection.ids(jobs.failed()), true, false));

        assertThat(result.changed()).containsExactly(jobs.failed());
        Job retried = stored(jobs.failed());
        assertThat(retried.attempts()).isZero();
        assertThat(retried.maxAttempts()).isEqualTo(3);
        assertThat(retried.runAt()).isBefore(Instant.now().plus(CLOCK_TOLERANCE));
        assertThat(administration.job(jobs.failed()).orElseThrow().state()).isEqualTo(JobState.FAILED);
    }

    @Test
    void retryByFilterActsOnTheMatchingJobsOnly() {
        Fixture jobs = fixture();

        ActionResult result = untouchingOthers(List.of(jobs.failed(), jobs.permanentlyFailed()), () -> administration
                .retry(JobSelection.matching(JobFilter.all().withStates(JobState.FAILED, JobState.PERMANENTLY_FAILED)),
                        false, false));

        assertThat(result).isEqualTo(new ActionResult(List.of(jobs.failed(), jobs.permanentlyFailed()), List.of(),
                List.of()));
        assertThat(ids(JobFilter.all().withStates(JobState.FAILED)))
                .containsExactlyInAnyOrder(jobs.failed(), jobs.permanentlyFailed());
    }

    @Test
    void anActionRefusesALockedJobNamingItsWorkerAndActsOnTheRest() {
        Fixture jobs = fixture();
        Instant lockedAt = stored(jobs.locked()).lockedAt().orElseThrow();

        ActionResult result = untouchingOthers(List.of(jobs.runnable()),
                () -> administration.retry(JobSelection.ids(jobs.locked(), jobs.runnable()), false, false));

        assertThat(result.changed()).containsExactly(jobs.runnable());
        assertThat(result.missing()).isEmpty();
        assertThat(result.refused()).singleElement().satisfies(refusal -> {
            assertThat(refusal.jobId()).isEqualTo(jobs.locked());
            assertThat(refusal.reason()).contains(WORKER).contains(lockedAt.toString());
        });
    }

    @Test
    void everyActionRefusesLockedJobsUnlessForced() {
        Fixture jobs = fixture();
        JobSelection locked = JobSelection.ids(jobs.locked());
        List<Supplier<ActionResult>> unforced = List.of(
                () -> administration.retry(locked, false, false),
                () -> administration.reschedule(locked, at(Duration.ofDays(2)), false),
                () -> administration.remove(locked, false),
                () -> administration.failPermanently(locked, "No longer needed", false));

        for (Supplier<ActionResult> action : unforced) {
            ActionResult result = untouchingOthers(List.of(), action);
            assertThat(result.changed()).isEmpty();
            assertThat(result.refused()).extracting(ActionResult.Refusal::jobId).containsExactly(jobs.locked());
        }
    }

    @Test
    void aForcedRetryUnlocksTheJobAndItsQueue() {
        Fixture jobs = fixture();

        ActionResult result = untouchingOthers(List.of(jobs.locked()),
                () -> administration.retry(JobSelection.ids(jobs.locked()), false, true));

        assertThat(result).isEqualTo(new ActionResult(List.of(jobs.locked()), List.of(), List.of()));
        assertThat(stored(jobs.locked()).lockedBy()).isEmpty();
        assertThat(queue("q_locked").lockedBy()).isEmpty();
        assertThat(claim(OTHER_WORKER, 10, "t_locked")).extracting(Job::id).containsExactly(jobs.locked());
    }

    @Test
    void idsOfNoJobAreReportedMissing() {
        Fixture jobs = fixture();

        ActionResult result = untouchingOthers(List.of(jobs.scheduled()),
                () -> administration.reschedule(JobSelection.ids(999_998, jobs.scheduled(), 999_999), at(Duration.ZERO),
                        false));

        assertThat(result).isEqualTo(new ActionResult(List.of(jobs.scheduled()), List.of(), List.of(999_998L, 999_999L)));
    }

    @Test
    void aFilterThatMatchesEverythingIsRefusedUnlessForced() {
        fixture();
        JobSelection everything = JobSelection.matching(JobFilter.all());

        untouchingOthers(List.of(), () -> {
            assertThatThrownBy(() -> administration.retry(everything, false, false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("every job");
            assertThatThrownBy(() -> administration.reschedule(everything, at(Duration.ZERO), false))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> administration.remove(everything, false))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> administration.failPermanently(everything, "all", false))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> administration.unlock(everything)).isInstanceOf(IllegalArgumentException.class);
            return null;
        });
    }

    @Test
    void aForcedActionOnEveryJobActsOnEveryJob() {
        Fixture jobs = fixture();

        ActionResult result = administration.remove(JobSelection.matching(JobFilter.all()), true);

        assertThat(result.changed()).containsExactlyElementsOf(jobs.all());
        assertThat(lookup.allJobs()).isEmpty();
        assertThat(queue("q_locked").lockedBy()).isEmpty();
    }

    @Test
    void rescheduleSetsTheRunTimeOfTheSelectedJobs() {
        Fixture jobs = fixture();
        Instant runAt = at(Duration.ofDays(3));

        ActionResult result = untouchingOthers(List.of(jobs.runnable(), jobs.scheduled()), () -> administration
                .reschedule(JobSelection.matching(JobFilter.all().withStates(JobState.RUNNABLE, JobState.SCHEDULED)),
                        runAt, false));

        assertThat(result.changed()).containsExactly(jobs.runnable(), jobs.scheduled());
        assertThat(stored(jobs.runnable()).runAt()).isEqualTo(runAt);
        assertThat(stored(jobs.scheduled()).runAt()).isEqualTo(runAt);
        assertThat(stored(jobs.runnable()).attempts()).isZero();
    }

    @Test
    void removeDeletesTheSelectedJobs() {
        Fixture jobs = fixture();

        ActionResult result = untouchingOthers(List.of(jobs.permanentlyFailed(), jobs.failed()),
                () -> administration.remove(JobSelection.matching(JobFilter.all().withErrorContaining("e")), false));

        assertThat(result.changed()).containsExactly(jobs.failed(), jobs.permanentlyFailed());
        assertThat(lookup.allJobs()).extracting(Job::id)
                .containsExactly(jobs.runnable(), jobs.scheduled(), jobs.locked());
        assertThat(administration.jobByKey("dead")).isEmpty();
    }

    @Test
    void aForcedRemovalOfALockedJobFreesItsQueue() {
        Fixture jobs = fixture();

        ActionResult result = untouchingOthers(List.of(jobs.locked()),
                () -> administration.remove(JobSelection.ids(jobs.locked()), true));

        assertThat(result.changed()).containsExactly(jobs.locked());
        assertThat(administration.job(jobs.locked())).isEmpty();
        assertThat(queue("q_locked").lockedBy()).isEmpty();
    }

    @Test
    void failPermanentlyUsesUpTheAttemptsWithTheReasonAsError() {
        Fixture jobs = fixture();

        ActionResult result = untouchingOthers(List.of(jobs.runnable(), jobs.failed()),
                () -> administration.failPermanently(JobSelection.ids(jobs.runnable(), jobs.failed(), jobs.locked()),
                        "Customer cancelled", false));

        assertThat(result.changed()).containsExactly(jobs.runnable(), jobs.failed());
        assertThat(result.refused()).extracting(ActionResult.Refusal::jobId).containsExactly(jobs.locked());
        for (long id : List.of(jobs.runnable(), jobs.failed())) {
            assertThat(stored(id).lastError()).contains("Customer cancelled");
            assertThat(stored(id).attempts()).isEqualTo(stored(id).maxAttempts());
        }
        assertThat(ids(JobFilter.all().withStates(JobState.PERMANENTLY_FAILED)))
                .containsExactly(jobs.permanentlyFailed(), jobs.failed(), jobs.runnable());
    }

    @Test
    void unlockFreesLockedJobsAndTheirQueuesAndLeavesTheOthersUnreported() {
        Fixture jobs = fixture();

        ActionResult result = untouchingOthers(List.of(jobs.locked()),
                () -> administration.unlock(JobSelection.ids(jobs.locked(), jobs.runnable(), 999_999)));

        assertThat(result).isEqualTo(new ActionResult(List.of(jobs.locked()), List.of(), List.of(999_999L)));
        Job unlocked = stored(jobs.locked());
        assertThat(unlocked.lockedBy()).isEmpty();
        assertThat(unlocked.lockedAt()).isEmpty();
        assertThat(unlocked.attempts()).isEqualTo(1);
        assertThat(queue("q_locked").lockedBy()).isEmpty();
        assertThat(administration.job(jobs.locked()).orElseThrow().state()).isEqualTo(JobState.RUNNABLE);
    }

    @Test
    void unlockByFilterFreesTheLockedJobsItMatches() {
        Fixture jobs = fixture();

        ActionResult result = untouchingOthers(List.of(jobs.locked()),
                () -> administration.unlock(JobSelection.matching(JobFilter.all().withStates(JobState.LOCKED))));

        assertThat(result.changed()).containsExactly(jobs.locked());
        assertThat(administration.workers()).isEmpty();
    }

    @Test
    void unlockQueueFreesALockedQueueOnly() {
        Fixture jobs = fixture();

        assertThat(untouchingOthers(List.of(), () -> administration.unlockQueue("q_locked"))).isTrue();
        assertThat(queue("q_locked").lockedBy()).isEmpty();
        assertThat(stored(jobs.locked()).lockedBy()).contains(WORKER);
        assertThat(administration.unlockQueue("q_locked")).isFalse();
        assertThat(administration.unlockQueue("q_free")).isFalse();
        assertThat(administration.unlockQueue("q_unknown")).isFalse();
    }

    // --- views ---------------------------------------------------------------------------------------

    @Test
    void queuesShowTheirWaitingJobsAndTheirLock() {
        Fixture jobs = fixture();
        admin.addJob("t_runnable", json("{}"), AddJobOptions.defaults().withQueueName("q_locked"));
        Instant lockedAt = stored(jobs.locked()).lockedAt().orElseThrow();

        assertThat(administration.queues()).containsExactly(
                new QueueView("q_free", 1, Optional.empty(), Optional.empty()),
                new QueueView("q_locked", 1, Optional.of(WORKER), Optional.of(lockedAt)));
    }

    @Test
    void tasksCountTheirJobsByState() {
        fixture();
        add("{}", options -> options);
        add("{}", options -> options.withRunAt(at(Duration.ofHours(1))));

        List<TaskView> tasks = administration.tasks();

        assertThat(tasks).extracting(TaskView::identifier)
                .containsExactly(TASK, "t_dead", "t_failed", "t_locked", "t_runnable", "t_scheduled");
        assertThat(tasks.get(0).counts()).containsEntry(JobState.RUNNABLE, 1L).containsEntry(JobState.SCHEDULED, 1L)
                .containsEntry(JobState.LOCKED, 0L);
        assertThat(tasks.get(0).total()).isEqualTo(2);
        assertThat(tasks.get(1).counts()).containsEntry(JobState.PERMANENTLY_FAILED, 1L);
        assertThat(tasks.get(3).counts()).containsEntry(JobState.LOCKED, 1L);
    }

    @Test
    void workersShowTheirJobsAndQueuesAndWhetherTheirSessionIsAlive() {
        Fixture jobs = fixture();
        long sessionWorkersJob = admin.addJob("t_session", json("{}"), AddJobOptions.defaults()).id();
        assertThat(claim(SESSION_WORKER, 1, "t_session")).hasSize(1);

        assertThat(administration.workers()).containsExactly(
                new WorkerView(WORKER, List.of(jobs.locked()), List.of("q_locked"), Optional.empty()),
                new WorkerView(SESSION_WORKER, List.of(sessionWorkersJob), List.of(), Optional.of(false)));
    }

    @Test
    void historyIsEmptyWhileNoneIsKept() {
        fixture();

        assertThat(administration.history(JobFilter.all(), PageRequest.first()).entries()).isEmpty();
    }

    // --- helpers -------------------------------------------------------------------------------------

    /** Items in their own zone, in the default zone, and a yearly one; their identifiers as the test expects. */
    private static final String CRONTAB = "# reports\n"
            + "0 4 * * * send_report ?tz=Europe/Paris\n"
            + "*/15 * * * * sync_stock ?id=stock_sync {warehouse: 'north'}\n"
            + "\n"
            + "30 2 1 1 * yearly_audit\n";

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private long listedOverAllPages(JobFilter filter) {
        PageRequest request = PageRequest.first().withLimit(2);
        JobPage page = administration.jobs(filter, request);
        long listed = page.jobs().size();
        while (page.nextCursor().isPresent()) {
            page = administration.jobs(filter, request.after(page.nextCursor().get()));
            listed += page.jobs().size();
        }
        return listed;
    }

    /**
     * Asserts that the activity has the given number of minutes, each a minute after the one before, the
     * last holding the implementation's now (between the two readings of this JVM's clock).
     */
    private static void assertMinutesEndingNow(Activity activity, int minutes, Instant before, Instant after) {
        assertThat(activity.minutes()).hasSize(minutes);
        for (int i = 1; i < minutes; i++) {
            assertThat(activity.minutes().get(i).start())
                    .isEqualTo(activity.minutes().get(i - 1).start().plus(Duration.ofMinutes(1)));
        }
        assertThat(activity.minutes().get(minutes - 1).start()).isBetween(
                before.minus(CLOCK_TOLERANCE).truncatedTo(ChronoUnit.MINUTES),
                after.plus(CLOCK_TOLERANCE).truncatedTo(ChronoUnit.MINUTES));
    }

    /** @return the minutes with failures, and how many */
    private static Map<Instant, Long> failuresByMinute(Activity activity) {
        Map<Instant, Long> failures = new TreeMap<>();
        activity.minutes().stream().filter(minute -> minute.failed() > 0)
                .forEach(minute -> failures.put(minute.start(), minute.failed()));
        return failures;
    }

    private List<Long> ids(JobFilter filter) {
        return idsOf(administration.jobs(filter, PageRequest.first()));
    }

    private static List<Long> idsOf(JobPage page) {
        return page.jobs().stream().map(view -> view.job().id()).toList();
    }

    private List<Long> addJobs(int count) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(add("{\"i\":" + i + "}", UnaryOperator.identity()));
        }
        return ids;
    }

    private static List<Long> reversed(List<Long> ids) {
        List<Long> copy = new ArrayList<>(ids);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private QueueView queue(String name) {
        return administration.queues().stream().filter(queue -> queue.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no queue " + name));
    }

    /**
     * Runs an action and asserts that every job but the targets is exactly as it was, every column, and
     * that the locks of queues other than the targets' are unchanged.
     */
    private <T> T untouchingOthers(List<Long> targets, Supplier<T> action) {
        List<Job> bystandersBefore = bystanders(targets);
        T result = action.get();
        assertThat(bystanders(targets)).as("jobs the action was not meant to change").isEqualTo(bystandersBefore);
        return result;
    }

    private List<Job> bystanders(List<Long> targets) {
        return lookup.allJobs().stream().filter(job -> !targets.contains(job.id())).toList();
    }
}
