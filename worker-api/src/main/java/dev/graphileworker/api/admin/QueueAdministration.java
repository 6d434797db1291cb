package dev.graphileworker.api.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * What an operator needs to see and fix a queue: jobs listed by state, task, queue, key, flag and
 * error text, one job in full, actions on jobs by id or by filter, and the queues, tasks and workers.
 * The PostgreSQL adapter implements it in SQL ({@code WorkerUtils.administration()}), the testkit
 * in memory ({@code InMemoryJobQueue.administration()}); a contract suite holds both to the same
 * behaviour.
 *
 * <p>Actions never touch a job a worker holds ({@link JobState#LOCKED}) unless {@code force} is given:
 * such a job is reported in {@link ActionResult#refused()} with the worker and since when, and every
 * other job of the selection is still acted on. Ids that match no job are reported as
 * {@link ActionResult#missing()}. A selection by filter that matches everything must be meant: it is
 * refused unless the filter names at least one criterion or {@code force} is given.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public interface QueueAdministration {

    /**
     * @param filter which jobs
     * @param page the order, size and start of the page
     * @return the page
     * @throws IllegalArgumentException when the page's cursor is not one this listing gave
     */
    JobPage jobs(JobFilter filter, PageRequest page);

    /**
     * How many jobs the filter matches now: as many as {@link #jobs(JobFilter, PageRequest)} lists over
     * all its pages, states included. For showing what an action by filter would act on ("Retry 1,234
     * jobs?"); the action itself selects the jobs again when it runs.
     *
     * @param filter which jobs
     * @return how many jobs match it
     * @since 0.1.0
     */
    long count(JobFilter filter);

    /**
     * @param id a job's id
     * @return the job, if it exists
     */
    Optional<JobView> job(long id);

    /**
     * @param key a job key
     * @return the job with that key, if one exists
     */
    Optional<JobView> jobByKey(String key);

    /**
     * Makes jobs due now: {@code run_at} becomes now, and a permanently failed job gets one more
     * attempt (its {@code max_attempts} is raised to its attempts plus one) unless the attempts are reset.
     *
     * @param selection which jobs
     * @param resetAttempts whether to set the attempts back to zero (the job then has all its attempts again)
     * @param force whether to act on locked jobs too (unlocking them: the worker's own result for the
     *     attempt it is running then arrives for a job that may already run elsewhere)
     * @return what was done
     */
    ActionResult retry(JobSelection selection, boolean resetAttempts, boolean force);

    /**
     * @param selection which jobs
     * @param runAt when they should run
     * @param force whether to act on locked jobs too
     * @return what was done
     */
    ActionResult reschedule(JobSelection selection, Instant runAt, boolean force);

    /**
     * Deletes jobs.
     *
     * @param selection which jobs
     * @param force whether to delete locked jobs too (their worker's result then finds no job)
     * @return what was done
     */
    ActionResult remove(JobSelection selection, boolean force);

    /**
     * Fails jobs for good: their attempts are used up and the reason becomes their {@code last_error}.
     *
     * @param selection which jobs
     * @param reason why, for the job's {@code last_error}
     * @param force whether to act on locked jobs too
     * @return what was done
     */
    ActionResult failPermanently(JobSelection selection, String reason, boolean force);

    /**
     * Frees jobs held by a worker (one that died, say) so that any worker may run them, and frees their
     * named queues.
     *
     * @param selection which jobs; those not locked are left alone and not reported
     * @return the jobs unlocked
     */
    ActionResult unlock(JobSelection selection);

    /**
     * @param queueName a named queue
     * @return whether it was locked (and is now free)
     */
    boolean unlockQueue(String queueName);

    /** @return every named queue, by name */
    List<QueueView> queues();

    /** @return every task that has jobs, by identifier */
    List<TaskView> tasks();

    /** @return every worker holding a lock, by id */
    List<WorkerView> workers();

    /**
     * Finished jobs, when history is kept; an empty page otherwise.
     *
     * @param filter which entries (its task, queue and key; states do not apply)
     * @param page the order, size and start of the page
     * @return the page
     */
    HistoryPage history(JobFilter filter, PageRequest page);

    /**
     * Jobs completed and failed per minute over the last {@code window}, ending with the current minute:
     * from the history of finished jobs when it is kept ({@link Activity.Source#HISTORY}), else the
     * failures the queue still shows, with completions unknown ({@link Activity.Source#OBSERVED}).
     * Minutes are whole minutes of the implementation's clock (the database's {@code now()} on
     * PostgreSQL).
     *
     * @param window how far back: whole minutes, from 1 minute to {@link Activity#LONGEST_WINDOW}; the
     *     activity has one {@link Activity.Minute} per minute of it
     * @return the activity, oldest minute first
     * @throws IllegalArgumentException when the window is not a whole number of minutes from 1 minute to
     *     24 hours
     * @since 0.1.0
     */
    Activity activity(Duration window);

    /**
     * The items of a crontab as the queue knows them: for each line, its identifier, task, schedule
     * and time zone, since when the queue has known it, the latest tick enqueued for it and its next run
     * after now (on the implementation's clock, which the cron scheduler of a worker also uses); then
     * every item the queue remembers that the crontab does not have, by identifier, with
     * {@link CronItemView#inCrontab()} false. Reading changes nothing: items not yet known stay unknown.
     *
     * @param crontabText a crontab in graphile-worker's format (the contents of a {@code crontab}
     *     file, or {@code WorkerOptions.crontab})
     * @param defaultZone the time zone of the lines without {@code ?tz=}, as the workers are given it
     *     (UTC unless they were told otherwise)
     * @return the crontab's items in the order of their lines, then the items it does not have
     * @throws IllegalArgumentException when the crontab cannot be used, with the message of the first
     *     bad line ({@code crontab line 3: minute field '61' is out of range 0-59})
     * @since 0.1.0
     */
    List<CronItemView> crontab(String crontabText, ZoneId defaultZone);
}
