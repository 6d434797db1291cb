package dev.graphileworker.testkit.internal.memory;

import dev.graphileworker.domain.port.JobArrivals;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The in-memory stand-in for {@code LISTEN "jobs:insert"}: listeners are told on the adding thread. */
public final class ArrivalSignals implements JobArrivals {

    private static final Logger LOG = LoggerFactory.getLogger(ArrivalSignals.class);

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    @Override
    public Subscription subscribe(Listener listener) {
        Subscriber subscriber = new Subscriber(listener);
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /**
     * A listener that throws must not turn a successful add into a failure for the producer, nor keep
     * the other listeners from hearing of it.
     */
    public void jobsArrived() {
        for (Subscriber subscriber : subscribers) {
            try {
                subscriber.listener.jobsArrived();
            } catch (RuntimeException e) {
                LOG.warn("A job arrival listener failed; the jobs were added all the same", e);
            }
        }
    }

    /** One object per subscription, so closing one of two subscriptions of the same listener keeps the other. */
    private static final class Subscriber {
        private final Listener listener;

        private Subscriber(Listener listener) {
            this.listener = listener;
        }
    }
}
