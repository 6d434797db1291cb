package dev.graphileworker.domain.worker;

import java.util.List;

/** Writes each outcome on its own, in the thread of the job that finished: batching turned off. */
final class DirectSettler implements Settler {

    private final ResultWriter writer;
    private final LoopState state;

    DirectSettler(ResultWriter writer, LoopState state) {
        this.writer = writer;
        this.state = state;
    }

    @Override
    public void start() {
    }

    @Override
    public void settle(JobOutcome outcome) {
        writer.write(List.of(outcome));
        state.settled(1, outcome.job().queue() != null);
    }

    @Override
    public void outstandingChanged() {
    }

    @Override
    public void writePendingOnce() {
    }

    @Override
    public void close() {
    }
}
