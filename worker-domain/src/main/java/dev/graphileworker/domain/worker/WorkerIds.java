package dev.graphileworker.domain.worker;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * New worker ids, and the mark of the ids that promise a session.
 *
 * <p>A worker whose id begins with {@link #SESSION_HOLDER_PREFIX} holds a database session named
 * after its id for its whole life, and gets it back within seconds after a cut. So when such an id
 * holds locks and has had no session for the recovery time, its worker is dead, even if no living
 * worker ever saw it alive: a lone worker killed and started again by its supervisor frees its
 * predecessor's jobs this way. Only workers of this library that run with dead worker recovery on
 * (and so hold a listening connection) take such an id. Every other id promises nothing: Node.js
 * graphile-worker's ({@code worker-}, {@code pool-} or {@code otpool-} and 18 hex digits; {@link
 * #newPlain()} gives the first shape), ids chosen by hand, and those of our workers with recovery off
 * or running once.
 */
public final class WorkerIds {

    /** What the id of every worker that promises a session begins with. */
    public static final String SESSION_HOLDER_PREFIX = "worker-java-";

    private static final String PLAIN_PREFIX = "worker-";
    private static final int RANDOM_BYTES = 9;

    private WorkerIds() {
    }

    /** @return a new id in graphile-worker's own shape: {@code worker-} and 18 random hex digits */
    public static String newPlain() {
        return PLAIN_PREFIX + randomHex();
    }

    /** @return a new id for a worker that will hold its session: {@code worker-java-} and 18 random hex digits */
    public static String newSessionHolder() {
        return SESSION_HOLDER_PREFIX + randomHex();
    }

    /**
     * @param workerId a worker id, as in {@code locked_by}
     * @return whether the worker promised to hold a session while it runs
     */
    public static boolean promisesSession(String workerId) {
        return workerId.startsWith(SESSION_HOLDER_PREFIX);
    }

    private static String randomHex() {
        byte[] bytes = new byte[RANDOM_BYTES];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
