package dev.graphileworker.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.JobSpec;
import dev.graphileworker.domain.port.JobArrivals;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Arrivals: a subscriber hears of jobs added by {@code add_job} and {@code add_jobs}, which is what
 * wakes a worker between polls (see {@code docs/compatibility.md}, "Notifications", channel
 * {@code jobs:insert}).
 *
 * <p>Part of the port contract: an adapter's test extends it in a {@code @Nested} class, as
 * {@link JobQueueContract} describes.
 */
public abstract class ArrivalsContract extends JobQueueContract {

    /** Generous: a signal normally comes in milliseconds, but a loaded machine may be slow to deliver it. */
    private static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(60);

    /** For an adapter's test, which says how to make the ports. */
    protected ArrivalsContract() {
    }

    @Test
    void subscriberHearsOfAnAddedJob() throws InterruptedException {
        CountDownLatch arrived = new CountDownLatch(1);
        JobArrivals.Subscription subscription = arrivals.subscribe(listener(arrived));
        try {
            admin.addJob(TASK, null, AddJobOptions.defaults());

            assertThat(arrived.await(SIGNAL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .as("jobsArrived() within %s", SIGNAL_TIMEOUT).isTrue();
        } finally {
            subscription.close();
        }
    }

    @Test
    void subscriberHearsOfJobsAddedTogether() throws InterruptedException {
        CountDownLatch arrived = new CountDownLatch(1);
        JobArrivals.Subscription subscription = arrivals.subscribe(listener(arrived));
        try {
            admin.addJobs(List.of(JobSpec.of(TASK, null), JobSpec.of(TASK, null)), false);

            assertThat(arrived.await(SIGNAL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .as("jobsArrived() within %s", SIGNAL_TIMEOUT).isTrue();
        } finally {
            subscription.close();
        }
    }

    private static JobArrivals.Listener listener(CountDownLatch arrived) {
        return new JobArrivals.Listener() {
            @Override
            public void jobsArrived() {
                arrived.countDown();
            }

            @Override
            public void schemaIncompatible(String reason) {
            }
        };
    }
}
