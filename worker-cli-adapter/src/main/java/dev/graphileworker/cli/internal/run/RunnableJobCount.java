package dev.graphileworker.cli.internal.run;

import dev.graphileworker.api.WorkerUtils;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * How many runnable jobs are left, for progress lines. Opens its utilities (a small pool) only when
 * first asked, so a run that ends within a second never pays for them; a failed count is left out of
 * the line rather than stopping the work.
 */
public final class RunnableJobCount implements Supplier<OptionalLong>, AutoCloseable {

    private final Supplier<WorkerUtils> opener;
    private WorkerUtils utils;

    /** @param opener opens the utilities to count with */
    public RunnableJobCount(Supplier<WorkerUtils> opener) {
        this.opener = opener;
    }

    @Override
    public synchronized OptionalLong get() {
        try {
            if (utils == null) {
                utils = opener.get();
            }
            return OptionalLong.of(utils.queueDepth().runnable());
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(RunnableJobCount.class).debug("Could not count the jobs left", e);
            return OptionalLong.empty();
        }
    }

    @Override
    public synchronized void close() {
        if (utils != null) {
            utils.close();
        }
    }
}
