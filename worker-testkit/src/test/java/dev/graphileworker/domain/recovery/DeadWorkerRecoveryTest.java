package dev.graphileworker.domain.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.domain.port.WorkerSessions;
import dev.graphileworker.domain.worker.WorkerIds;
import dev.graphileworker.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeadWorkerRecoveryTest {

    private static final String ME = "worker-me";
    private static final String DEAD = "worker-dead";
    private static final String PREDECESSOR = WorkerIds.newSessionHolder();
    private static final Duration RECOVERY_TIME = Duration.ofSeconds(10);

    private final MutableClock clock = MutableClock.at(Instant.parse("2024-05-01T12:00:00Z"));
    private final DeadWorkerDetector detector = new DeadWorkerDetector(ME, RECOVERY_TIME, clock);
    private final RecordingSessions sessions = new RecordingSessions();
    private final DeadWorkerRecovery recovery = new DeadWorkerRecovery(detector, sessions, "test-recovery");

    @Test
    void aDeadWorkersJobsAreUnlockedOnceAndTheWorkerForgotten() {
        sessions.open.addAll(Set.of(ME, DEAD));
        recovery.check();
        sessions.open.remove(DEAD);

        checkEveryIntervalFor(RECOVERY_TIME.multipliedBy(3));

        assertThat(sessions.unlocked).containsExactly(DEAD);
    }

    @Test
    void aFailedUnlockIsTriedAgainAtTheNextCensus() {
        sessions.open.addAll(Set.of(ME, DEAD));
        recovery.check();
        sessions.open.remove(DEAD);
        sessions.unlockFailures = 1;

        checkEveryIntervalFor(RECOVERY_TIME.plus(detector.checkInterval().multipliedBy(3)));

        assertThat(sessions.unlockAttempts).isEqualTo(2);
        assertThat(sessions.unlocked).containsExactly(DEAD);
    }

    @Test
    void failedCensusesAreNotCountedAsAbsence() {
        sessions.open.addAll(Set.of(ME, DEAD));
        recovery.check();
        sessions.open.remove(DEAD);
        sessions.censusDown = true;

        checkEveryIntervalFor(RECOVERY_TIME.multipliedBy(2));
        sessions.censusDown = false;
        checkEveryIntervalFor(RECOVERY_TIME.minus(detector.checkInterval()));

        assertThat(sessions.unlocked).isEmpty();
    }

    @Test
    void theJobsOfAPredecessorThatDiedBeforeThisWorkerStartedAreUnlockedAfterTheRecoveryTime() {
        sessions.open.add(ME);
        sessions.lockHolders.add(PREDECESSOR);
        recovery.check();

        checkEveryIntervalFor(RECOVERY_TIME.minus(detector.checkInterval()));
        assertThat(sessions.unlocked).isEmpty();
        checkEveryIntervalFor(detector.checkInterval());

        assertThat(sessions.unlocked).containsExactly(PREDECESSOR);
    }

    @Test
    void aFailedLookupOfTheLockHoldersIsTriedAgainAtTheNextCheck() {
        sessions.open.add(ME);
        sessions.lockHolders.add(PREDECESSOR);
        sessions.lockScanFailures = 1;
        recovery.check();
        assertThat(sessions.lockScans).isEqualTo(1);

        checkEveryIntervalFor(RECOVERY_TIME.plus(detector.checkInterval()));

        assertThat(sessions.lockScans).isEqualTo(3);
        assertThat(sessions.unlocked).containsExactly(PREDECESSOR);
    }

    private void checkEveryIntervalFor(Duration span) {
        for (Duration waited = Duration.ZERO; waited.compareTo(span) < 0; waited = waited.plus(detector.checkInterval())) {
            clock.advance(detector.checkInterval());
            recovery.check();
        }
    }

    /** Sessions the test opens and closes by hand; records what is unlocked. */
    private static final class RecordingSessions implements WorkerSessions {
        final Set<String> open = new HashSet<>();
        final Set<String> lockHolders = new HashSet<>();
        final List<String> unlocked = new ArrayList<>();
        int lockScanFailures;
        int lockScans;
        boolean censusDown;
        int unlockFailures;
        int unlockAttempts;

        @Override
        public Set<String> workersWithOpenSessions() {
            if (censusDown) {
                throw new IllegalStateException("database down");
            }
            return Set.copyOf(open);
        }

        @Override
        public Set<String> lockHolders() {
            lockScans++;
            if (lockScanFailures > 0) {
                lockScanFailures--;
                throw new IllegalStateException("database down");
            }
            return Set.copyOf(lockHolders);
        }

        @Override
        public int forceUnlock(String workerId) {
            unlockAttempts++;
            if (unlockFailures > 0) {
                unlockFailures--;
                throw new IllegalStateException("database down");
            }
            unlocked.add(workerId);
            return 1;
        }
    }
}
