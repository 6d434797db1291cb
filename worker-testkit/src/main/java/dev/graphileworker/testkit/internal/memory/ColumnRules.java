package dev.graphileworker.testkit.internal.memory;

import dev.graphileworker.api.WorkerException;

/**
 * The checks that the {@code graphile_worker} tables make on their columns, so that the in-memory
 * queue refuses exactly what PostgreSQL refuses instead of accepting jobs a real database would not.
 */
final class ColumnRules {

    static final int MAX_IDENTIFIER_LENGTH = 128;
    static final int MAX_QUEUE_NAME_LENGTH = 128;
    static final int MAX_KEY_LENGTH = 512;

    private ColumnRules() {
    }

    static void checkIdentifier(String identifier) {
        if (identifier == null) {
            throw new WorkerException("A job needs a task identifier; got null");
        }
        int length = characters(identifier);
        if (length > MAX_IDENTIFIER_LENGTH) {
            throw new WorkerException("Task identifier is " + length + " characters long; at most "
                    + MAX_IDENTIFIER_LENGTH + " are allowed (tasks_identifier_check): '" + abbreviated(identifier) + "'");
        }
    }

    static void checkQueueName(String queueName) {
        if (queueName != null && characters(queueName) > MAX_QUEUE_NAME_LENGTH) {
            throw new WorkerException("Queue name is " + characters(queueName) + " characters long; at most "
                    + MAX_QUEUE_NAME_LENGTH + " are allowed (job_queues_queue_name_check): '" + abbreviated(queueName) + "'");
        }
    }

    static void checkKey(String key) {
        if (key == null) {
            return;
        }
        int length = characters(key);
        if (length == 0 || length > MAX_KEY_LENGTH) {
            throw new WorkerException("Job key is " + length + " characters long; it must have 1 to "
                    + MAX_KEY_LENGTH + " (jobs_key_check)");
        }
    }

    static int checkMaxAttempts(int maxAttempts) {
        smallint("max_attempts", maxAttempts);
        if (maxAttempts < 1) {
            throw new WorkerException("max_attempts must be at least 1 (jobs_max_attempts_check); got " + maxAttempts);
        }
        return maxAttempts;
    }

    /** {@code priority}, {@code attempts} and {@code max_attempts} are {@code smallint} columns. */
    static int smallint(String column, int value) {
        if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) {
            throw new WorkerException(column + " " + value + " is out of range: it must be between "
                    + Short.MIN_VALUE + " and " + Short.MAX_VALUE + " (smallint)");
        }
        return value;
    }

    /** PostgreSQL's {@code length(text)} counts characters, so a character outside the BMP is one, not two. */
    private static int characters(String text) {
        return text.codePointCount(0, text.length());
    }

    private static String abbreviated(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
