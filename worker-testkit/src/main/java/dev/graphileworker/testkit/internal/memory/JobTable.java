package dev.graphileworker.testkit.internal.memory;

import dev.graphileworker.domain.JobRow;
import dev.graphileworker.domain.Queue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The tables {@code _private_jobs}, {@code _private_job_queues} and {@code _private_tasks}, with the
 * unique index on job keys. A job carries its task identifier itself; the task table only records
 * which identifiers are known, as cleanup sees them.
 */
public final class JobTable {

    private final NavigableMap<Long, StoredJob> jobsById = new TreeMap<>();
    private final Map<String, StoredJob> jobsByKey = new HashMap<>();
    private final Map<String, Queue> queuesByName = new TreeMap<>();
    private final NavigableSet<String> taskIdentifiers = new TreeSet<>();
    private long lastId;

    /** @return every job as it is now, ordered by id */
    public List<JobRow> jobs() {
        return jobsById.values().stream().map(StoredJob::toRow).toList();
    }

    /** @return the job with this id as it is now, if it exists */
    public Optional<JobRow> job(long id) {
        return Optional.ofNullable(jobsById.get(id)).map(StoredJob::toRow);
    }

    /** @return every named queue ever used, ordered by name */
    public List<Queue> queues() {
        return List.copyOf(queuesByName.values());
    }

    /** @return every task identifier known, ordered */
    public List<String> taskIdentifiers() {
        return List.copyOf(taskIdentifiers);
    }

    StoredJob insert(NewJob job, Instant now) {
        StoredJob stored = new StoredJob(++lastId, job, now);
        jobsById.put(stored.id, stored);
        if (stored.key != null) {
            jobsByKey.put(stored.key, stored);
        }
        return stored;
    }

    Optional<StoredJob> withKey(String key) {
        return Optional.ofNullable(jobsByKey.get(key));
    }

    /** The existing jobs among {@code ids}, each once, ordered by id, as {@code id = any(ids)} finds them. */
    List<StoredJob> withIds(Collection<Long> ids) {
        List<StoredJob> found = new ArrayList<>();
        if (ids == null) {
            return found;
        }
        for (Long id : new TreeSet<>(ids.stream().filter(Objects::nonNull).toList())) {
            StoredJob job = jobsById.get(id);
            if (job != null) {
                found.add(job);
            }
        }
        return found;
    }

    Collection<StoredJob> all() {
        return jobsById.values();
    }

    void clearKey(StoredJob job) {
        if (job.key != null) {
            jobsByKey.remove(job.key, job);
            job.key = null;
        }
    }

    void delete(StoredJob job) {
        jobsById.remove(job.id);
        clearKey(job);
    }

    /** add_job creates a queue row on first use; it stays, unlocked, when its jobs are gone. */
    void ensureQueue(String name) {
        if (name != null) {
            queuesByName.computeIfAbsent(name, Queue::unlocked);
        }
    }

    /** add_job creates a task row on first use of an identifier; it stays when its jobs are gone. */
    void ensureTask(String identifier) {
        taskIdentifiers.add(identifier);
    }

    /** @return how many task identifiers were removed */
    int removeTaskIdentifiersIf(Predicate<String> condition) {
        int before = taskIdentifiers.size();
        taskIdentifiers.removeIf(condition);
        return before - taskIdentifiers.size();
    }

    /** @return how many queues were removed */
    int removeQueuesIf(Predicate<Queue> condition) {
        int before = queuesByName.size();
        queuesByName.values().removeIf(condition);
        return before - queuesByName.size();
    }

    boolean isQueueAvailable(String name, Instant staleBefore) {
        Queue queue = queuesByName.get(name);
        return queue == null || queue.isAvailable(staleBefore);
    }

    void lockQueue(String name, String workerId, Instant now) {
        queuesByName.put(name, queuesByName.getOrDefault(name, Queue.unlocked(name)).lockedTo(workerId, now));
    }

    void unlockQueueIfHeldBy(String name, String workerId) {
        Queue queue = name == null ? null : queuesByName.get(name);
        if (queue != null && workerId.equals(queue.lockedBy())) {
            queuesByName.put(name, Queue.unlocked(name));
        }
    }

    void unlockQueuesLockedBefore(Instant staleBefore) {
        queuesByName.replaceAll((name, queue) ->
                queue.lockedAt() != null && queue.lockedAt().isBefore(staleBefore) ? Queue.unlocked(name) : queue);
    }

    void unlockQueuesHeldBy(Collection<String> workerIds) {
        queuesByName.replaceAll((name, queue) ->
                queue.lockedBy() != null && workerIds.contains(queue.lockedBy()) ? Queue.unlocked(name) : queue);
    }
}
