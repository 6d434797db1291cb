package dev.graphileworker.api.admin;

import java.time.Instant;
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
}
