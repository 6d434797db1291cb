package dev.graphileworker.cli.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What each signal does, delivered by hand: the handlers of this JVM stay the JVM's own. */
class ShutdownSignalsTest {

    private final List<String> done = new CopyOnWriteArrayList<>();
    private final ShutdownSignals signals = new ShutdownSignals(() -> done.add("exit at once"));

    @Test
    void firstSignalStopsGracefullyAndTheSecondAtOnce() {
        signals.forwardTo(() -> done.add("graceful"), () -> done.add("immediate"));

        signals.received("TERM");
        assertThat(done).containsExactly("graceful");
        signals.received("INT");
        assertThat(done).containsExactly("graceful", "immediate");
    }

    @Test
    void signalThatCameWhileTheWorkerStartedStopsItGracefullyOnceItIsKnown() {
        signals.received("TERM");
        assertThat(done).isEmpty();

        signals.forwardTo(() -> done.add("graceful"), () -> done.add("immediate"));

        assertThat(done).containsExactly("graceful");
        signals.received("TERM");
        assertThat(done).containsExactly("graceful", "immediate");
    }

    @Test
    void secondSignalBeforeTheWorkerIsKnownExitsAtOnce() {
        signals.received("INT");
        signals.received("INT");

        assertThat(done).containsExactly("exit at once");
    }
}
