package dev.graphileworker.dashboard.internal;

import dev.graphileworker.api.admin.Activity;
import dev.graphileworker.api.admin.QueueAdministration;
import dev.graphileworker.api.admin.QueueView;
import dev.graphileworker.api.admin.TaskView;
import dev.graphileworker.api.admin.WorkerView;
import dev.graphileworker.dashboard.internal.Snapshot.Taken;
import java.time.Clock;
import java.util.List;
import java.util.function.LongSupplier;

/** The reads of the whole queue that pages share, each a {@link Snapshot}. */
public final class Readings {

    private final Snapshot<List<TaskView>> tasks;
    private final Snapshot<List<WorkerView>> workers;
    private final Snapshot<List<QueueView>> queues;
    private final Snapshot<Activity> activity;

    /**
     * @param administration the queue
     * @param clock the clock pages show times on
     * @param nanoTime the monotonic clock the readings' ages are measured on
     */
    public Readings(QueueAdministration administration, Clock clock, LongSupplier nanoTime) {
        this.tasks = new Snapshot<>("tasks", administration::tasks, clock, nanoTime);
        this.workers = new Snapshot<>("workers", administration::workers, clock, nanoTime);
        this.queues = new Snapshot<>("queues", administration::queues, clock, nanoTime);
        this.activity = new Snapshot<>("activity", () -> administration.activity(Pages.ACTIVITY_WINDOW), clock,
                nanoTime);
    }

    Taken<List<TaskView>> tasks() {
        return tasks.get();
    }

    Taken<List<WorkerView>> workers() {
        return workers.get();
    }

    Taken<List<QueueView>> queues() {
        return queues.get();
    }

    Taken<Activity> activity() {
        return activity.get();
    }

    /** Reads what the overview shows ahead of the first request. */
    public void prefetch() {
        tasks.prefetch();
        workers.prefetch();
        activity.prefetch();
    }

    /** Forgets every reading: an action has changed the queue. */
    void invalidate() {
        tasks.invalidate();
        workers.invalidate();
        queues.invalidate();
        activity.invalidate();
    }
}
