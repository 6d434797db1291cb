package dev.graphileworker.domain.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.domain.JobRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalQueueTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(30);

    private final LocalQueue queue = new LocalQueue(TTL);

    @Test
    void jobsAreTakenInPriorityOrderWhicheverClaimBroughtThem() {
        queue.add(List.of(job(1, 5), job(2, 0)), T0);
        queue.add(List.of(job(3, -1)), T0.plusSeconds(1));

        assertThat(List.of(queue.poll().id(), queue.poll().id(), queue.poll().id())).containsExactly(3L, 2L, 1L);
        assertThat(queue.poll()).isNull();
    }

    @Test
    void theFirstExpiryFollowsTheOldestClaimStillWaiting() {
        assertThat(queue.untilFirstExpiry(T0)).isNull();
        queue.add(List.of(job(1, 5)), T0);
        queue.add(List.of(job(2, 0), job(3, 0)), T0.plusSeconds(10));

        assertThat(queue.untilFirstExpiry(T0)).isEqualTo(TTL);
        queue.poll(); // job 2, of the later claim: the first claim's job still waits
        assertThat(queue.untilFirstExpiry(T0)).isEqualTo(TTL);
        queue.poll(); // job 3
        queue.poll(); // job 1: only now the first claim has nothing waiting
        assertThat(queue.untilFirstExpiry(T0)).isNull();
    }

    @Test
    void expiredJobsAreRemovedAndTheNextExpiryIsThatOfTheRest() {
        queue.add(List.of(job(1, 0), job(2, 0)), T0);
        queue.add(List.of(job(3, 0)), T0.plusSeconds(10));

        Instant now = T0.plus(TTL);
        assertThat(queue.removeExpired(now)).extracting(JobRow::id).containsExactlyInAnyOrder(1L, 2L);
        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.untilFirstExpiry(now)).isEqualTo(Duration.ofSeconds(10));
        assertThat(queue.removeAll()).extracting(JobRow::id).containsExactly(3L);
        assertThat(queue.untilFirstExpiry(now)).isNull();
    }

    private static JobRow job(long id, int priority) {
        return ClaimedJobs.job(id, priority, T0);
    }
}
