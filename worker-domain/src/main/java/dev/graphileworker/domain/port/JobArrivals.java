package dev.graphileworker.domain.port;

/**
 * Signals that jobs may have arrived, so a waiting worker claims at once instead of at its next
 * poll. Signals may be lost or spurious: the worker still polls.
 */
public interface JobArrivals {

    /**
     * Starts delivering signals to {@code listener} until the returned subscription is closed.
     * Listener methods are called on the implementation's thread and must return quickly.
     */
    Subscription subscribe(Listener listener);

    /** Receives arrival signals. */
    interface Listener {

        /** Jobs were added (or became available). */
        void jobsArrived();

        /**
         * The schema was migrated under the worker to a revision it cannot work with.
         *
         * @param reason a message for the operator
         */
        void schemaIncompatible(String reason);

        /** The signal source is connecting (again); for monitoring. */
        default void connecting() {
        }

        /** The signal source is connected and will signal arrivals; for monitoring. */
        default void connected() {
        }

        /**
         * The signal source lost its connection, or could not connect; it tries again by itself.
         *
         * @param cause what went wrong
         */
        default void disconnected(Exception cause) {
        }
    }

    /** An active subscription; closing it stops the signals and frees what it holds. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
