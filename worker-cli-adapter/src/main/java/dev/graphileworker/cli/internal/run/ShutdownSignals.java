package dev.graphileworker.cli.internal.run;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM for a long-running command: the first asks for a graceful stop, the second for
 * an immediate one. A JVM shutdown hook cannot tell the two apart (a second signal during shutdown
 * is ignored), so the handlers are installed with {@code sun.misc.Signal}, which the JDK keeps for
 * exactly this use.
 */
public final class ShutdownSignals {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignals.class);

    private final AtomicInteger received = new AtomicInteger();
    private final Runnable graceful;
    private final Runnable immediate;

    private ShutdownSignals(Runnable graceful, Runnable immediate) {
        this.graceful = graceful;
        this.immediate = immediate;
    }

    /**
     * Installs the handlers for the rest of the process's life.
     *
     * @param graceful run (on a signal thread) at the first signal
     * @param immediate run at the second
     */
    public static void install(Runnable graceful, Runnable immediate) {
        ShutdownSignals signals = new ShutdownSignals(graceful, immediate);
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), signals::received);
        }
    }

    private void received(Signal signal) {
        if (received.incrementAndGet() == 1) {
            LOG.info("Received SIG{}: finishing running jobs, then exiting (send it again to exit at once)",
                    signal.getName());
            graceful.run();
        } else {
            LOG.warn("Received SIG{} again: exiting at once", signal.getName());
            immediate.run();
        }
    }
}
