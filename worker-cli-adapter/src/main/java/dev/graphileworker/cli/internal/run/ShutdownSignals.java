package dev.graphileworker.cli.internal.run;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM for a long-running command: the first asks for a graceful stop, the second for
 * an immediate one. A JVM shutdown hook cannot tell the two apart (a second signal during shutdown
 * is ignored), so the handlers are installed with {@code sun.misc.Signal}, which the JDK keeps for
 * exactly this use.
 *
 * <p>Install them before the worker starts ({@link #install(Runnable)}), then {@link #forwardTo} the
 * worker: a worker runs jobs before its start returns, and a signal caught by the JVM's own handler in
 * between would end the process at once, exit status 143, its jobs left locked. A first signal that
 * comes before the worker is known is acted on when it is; a second one exits at once.
 */
public final class ShutdownSignals {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignals.class);

    private final Runnable exitBeforeForwarding;
    private int received;
    private Runnable graceful;
    private Runnable immediate;

    ShutdownSignals(Runnable exitBeforeForwarding) {
        this.exitBeforeForwarding = exitBeforeForwarding;
    }

    /**
     * Installs the handlers for the rest of the process's life, before there is anything to stop.
     *
     * @param exitAtOnce run (on a signal thread) at a second signal that comes before {@link #forwardTo}
     * @return the handlers, to be given what to stop
     */
    public static ShutdownSignals install(Runnable exitAtOnce) {
        ShutdownSignals signals = new ShutdownSignals(exitAtOnce);
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), signal -> signals.received(signal.getName()));
        }
        return signals;
    }

    /**
     * Says what the signals stop from now on; runs {@code graceful} at once if a signal came already.
     *
     * @param graceful run (on a signal thread, or on this one) at the first signal
     * @param immediate run at the second
     */
    public void forwardTo(Runnable graceful, Runnable immediate) {
        boolean alreadyAsked;
        synchronized (this) {
            this.graceful = graceful;
            this.immediate = immediate;
            alreadyAsked = received > 0;
        }
        if (alreadyAsked) {
            graceful.run();
        }
    }

    void received(String signalName) {
        boolean first;
        Runnable action;
        synchronized (this) {
            first = ++received == 1;
            // A first signal before forwardTo finds nothing to stop yet: forwardTo stops what it is given.
            action = first ? graceful : immediate != null ? immediate : exitBeforeForwarding;
        }
        if (first) {
            LOG.info("Received SIG{}: finishing running jobs, then exiting (send it again to exit at once)",
                    signalName);
        } else {
            LOG.warn("Received SIG{} again: exiting at once", signalName);
        }
        if (action != null) {
            action.run();
        }
    }
}
