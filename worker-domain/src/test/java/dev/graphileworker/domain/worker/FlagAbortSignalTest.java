package dev.graphileworker.domain.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.api.AbortSignal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlagAbortSignalTest {

    private final FlagAbortSignal signal = new FlagAbortSignal();
    private final List<String> ran = new ArrayList<>();

    @Test
    void raisingRunsEachOpenRegistrationOnce() {
        signal.onAbort(() -> ran.add("first job"));
        signal.onAbort(() -> ran.add("second job"));

        signal.raise();
        signal.raise();

        assertThat(signal.isAborted()).isTrue();
        assertThat(ran).containsExactly("first job", "second job");
    }

    @Test
    void closedRegistrationOfAFinishedJobNeverRuns() {
        Runnable shared = () -> ran.add("shared callback");
        AbortSignal.Registration finishedJob = signal.onAbort(shared);
        signal.onAbort(shared);

        finishedJob.close();
        signal.raise();

        assertThat(ran).containsExactly("shared callback");
    }

    @Test
    void registeringAfterTheSignalRunsAtOnce() {
        signal.raise();

        signal.onAbort(() -> ran.add("late")).close();

        assertThat(ran).containsExactly("late");
    }
}
