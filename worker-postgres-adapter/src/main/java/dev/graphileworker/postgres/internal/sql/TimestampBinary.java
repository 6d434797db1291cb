package dev.graphileworker.postgres.internal.sql;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Reads a {@code timestamptz} as PostgreSQL sends it in binary: eight bytes, big-endian, counting
 * microseconds since 2000-01-01 00:00 UTC. The JDBC driver asks for binary results once it prepares a
 * statement on the server (from its fifth use), and its own {@code getString} of such a column builds
 * an {@code OffsetDateTime} and formats it, only for {@link TimestampText} to parse the text again;
 * four timestamps of every job claimed. Reading the bytes also leaves the JIT less to compile in a
 * worker's first seconds.
 */
final class TimestampBinary {

    /** 2000-01-01T00:00:00Z in seconds since 1970. */
    private static final long POSTGRES_EPOCH_SECOND = 946_684_800L;

    private static final int BYTES = 8;

    private TimestampBinary() {
    }

    /**
     * @param value the column's bytes, not null
     * @return the instant they name, or {@code null} for {@code infinity}, {@code -infinity} or bytes
     *     that are not eight
     */
    static Instant decode(byte[] value) {
        if (value.length != BYTES) {
            return null;
        }
        long micros = ByteBuffer.wrap(value).getLong();
        if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
            return null;
        }
        return Instant.ofEpochSecond(POSTGRES_EPOCH_SECOND + Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
