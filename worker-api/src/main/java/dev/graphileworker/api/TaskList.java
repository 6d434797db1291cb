package dev.graphileworker.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The tasks a worker can run: task identifiers mapped to {@link TaskHandler}s. A worker claims only
 * jobs whose task identifier is in its list, so workers with different lists can share one queue.
 * Immutable.
 *
 * <pre>{@code
 * TaskList tasks = TaskList.builder()
 *     .task("hello", (payload, helpers) -> helpers.logger().info("Hello, {}", payload.path("name").asText()))
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class TaskList {

    private static final int MAX_IDENTIFIER_LENGTH = 128;
    private static final Pattern BLANK = Pattern.compile("\\s*");

    private final Map<String, TaskHandler> handlers;

    private TaskList(Map<String, TaskHandler> handlers) {
        this.handlers = Map.copyOf(handlers);
    }

    /** @return an empty list, for workers that only migrate or only add jobs */
    public static TaskList empty() {
        return new TaskList(Map.of());
    }

    /** @return a builder of a task list */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the task identifiers in this list */
    public Set<String> identifiers() {
        return handlers.keySet();
    }

    /**
     * @param identifier a task identifier
     * @return its handler, or empty when this list has no such task
     */
    public Optional<TaskHandler> handler(String identifier) {
        return Optional.ofNullable(handlers.get(identifier));
    }

    /** @return whether the list has no task */
    public boolean isEmpty() {
        return handlers.isEmpty();
    }

    /**
     * Builds a {@link TaskList}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final Map<String, TaskHandler> handlers = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds a task.
         *
         * @param identifier the task identifier: 1 to 128 characters, not blank, not already added
         * @param handler its handler
         * @return this builder
         * @throws IllegalArgumentException when the identifier is invalid or already present
         */
        public Builder task(String identifier, TaskHandler handler) {
            Objects.requireNonNull(identifier, "task identifier");
            Objects.requireNonNull(handler, () -> "handler of task '" + identifier + "'");
            if (BLANK.matcher(identifier).matches() || identifier.length() > MAX_IDENTIFIER_LENGTH) {
                throw new IllegalArgumentException("Task identifier '" + identifier
                        + "' must have 1 to " + MAX_IDENTIFIER_LENGTH + " characters and not be blank");
            }
            if (handlers.putIfAbsent(identifier, handler) != null) {
                throw new IllegalArgumentException("Task '" + identifier + "' is already in the task list");
            }
            return this;
        }

        /** @return the task list */
        public TaskList build() {
            return new TaskList(handlers);
        }
    }
}
