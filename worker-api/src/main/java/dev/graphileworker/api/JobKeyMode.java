package dev.graphileworker.api;

/**
 * What {@code add_job} does when a job with the same job key already exists.
 *
 * @since 0.1.0
 */
public enum JobKeyMode {
    /**
     * Overwrite the existing job (task, payload, queue, run at, priority, flags; attempts back to 0)
     * unless it is running or has no attempts left, in which case it loses its key and a new job is
     * added. The default.
     */
    REPLACE("replace"),
    /** As {@link #REPLACE}, but an existing job that has not been attempted keeps its run at. */
    PRESERVE_RUN_AT("preserve_run_at"),
    /** If any job with this key exists, even a running one, change nothing but its revision. */
    UNSAFE_DEDUPE("unsafe_dedupe");

    private final String sqlName;

    JobKeyMode(String sqlName) {
        this.sqlName = sqlName;
    }

    /** @return the name that {@code add_job}'s {@code job_key_mode} argument takes */
    public String sqlName() {
        return sqlName;
    }

    /**
     * Parses the SQL name of a mode.
     *
     * @param sqlName {@code replace}, {@code preserve_run_at} or {@code unsafe_dedupe}
     * @return the mode
     * @throws IllegalArgumentException naming the accepted values when {@code sqlName} is none of them
     */
    public static JobKeyMode fromSqlName(String sqlName) {
        for (JobKeyMode mode : values()) {
            if (mode.sqlName.equals(sqlName)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("Unknown job key mode '" + sqlName
                + "': expected replace, preserve_run_at or unsafe_dedupe");
    }
}
