package dev.graphileworker.postgres.internal.presence;

/**
 * The {@code application_name} a worker gives its listening session while it runs with dead worker
 * recovery on: {@code graphile-worker-java:} and the worker id. The prefix is this library's own:
 * a session named so promises the protocol that recovery relies on (held for the worker's whole
 * life, reconnected within seconds after a cut), which no other program makes.
 */
public final class SessionName {

    /** What the name of every such session begins with. */
    public static final String PREFIX = "graphile-worker-java:";

    private SessionName() {
    }

    /**
     * @param workerId the worker's id, as in {@code locked_by}
     * @return the session name that shows the worker is alive
     */
    public static String of(String workerId) {
        return PREFIX + workerId;
    }
}
