package dev.graphileworker.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The rule a task identifier follows, in one place: {@link TaskList.Builder#task(String, TaskHandler)}
 * and {@link TaskDefinition} both check it, with the same messages, so that a name one accepts the
 * other accepts too. It is the schema's own limit ({@code tasks_identifier_check}), checked in Java so
 * that a bad name fails when the task list or definition is made rather than when a job is added.
 */
final class TaskIdentifiers {

    private static final int MAX_LENGTH = 128;
    private static final Pattern BLANK = Pattern.compile("\\s*");

    private TaskIdentifiers() {
    }

    /**
     * @param identifier a task identifier
     * @return the identifier, when it is valid
     * @throws NullPointerException when it is {@code null}
     * @throws IllegalArgumentException when it is blank or longer than 128 characters
     */
    static String requireValid(String identifier) {
        Objects.requireNonNull(identifier, "task identifier");
        if (BLANK.matcher(identifier).matches() || identifier.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("Task identifier '" + identifier
                    + "' must have 1 to " + MAX_LENGTH + " characters and not be blank");
        }
        return identifier;
    }
}
