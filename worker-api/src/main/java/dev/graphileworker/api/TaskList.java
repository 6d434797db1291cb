package dev.graphileworker.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The tasks a worker can run: task identifiers mapped to {@link TaskHandler}s. A worker claims only
 * jobs whose task identifier is in its list, so workers with different lists can share one queue.
 *
 * <p>A list made by {@link #builder()} is immutable. A list made by {@link #dynamic(Supplier)} shows
 * whichever list its supplier returns at the moment it is asked, so tasks can change while a worker
 * runs (the command line's {@code --watch} does this). Both kinds are thread-safe.
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

    /** The list's tasks at the moment it is called: always the same map unless the list is dynamic. */
    private final Supplier<Map<String, TaskHandler>> handlers;

    private TaskList(Supplier<Map<String, TaskHandler>> handlers) {
        this.handlers = handlers;
    }

    private static TaskList fixed(Map<String, TaskHandler> handlers) {
        Map<String, TaskHandler> copy = Map.copyOf(handlers);
        return new TaskList(() -> copy);
    }

    /** @return an empty list, for workers that only migrate or only add jobs */
    public static TaskList empty() {
        return fixed(Map.of());
    }

    /**
     * A list that reads {@code current} on every call: {@link #identifiers()}, {@link #handler(String)}
     * and {@link #isEmpty()} each ask the supplier once and answer from the list it returns.
     *
     * <p>A worker asks for {@link #identifiers()} each time it claims jobs and resolves a job's
     * handler once, when it starts the job; so a job already running keeps the handler it started
     * with when the list changes, and new claims follow the new list. A job claimed just before a
     * task is removed fails with "unsupported task" and is retried later, like any failure.
     *
     * <pre>{@code
     * AtomicReference<TaskList> current = new AtomicReference<>(initialTasks);
     * WorkerOptions options = WorkerOptions.builder()
     *     .connectionString(url)
     *     .taskList(TaskList.dynamic(current::get))
     *     .build();
     * // later, from any thread:
     * current.set(reloadedTasks);
     * }</pre>
     *
     * @param current returns the list to use now; called often, so it must be quick and thread-safe,
     *     and must never return {@code null} or the dynamic list itself
     * @return a list that follows {@code current}
     * @throws NullPointerException from the list's methods when {@code current} returns {@code null}
     * @since 0.1.0
     */
    public static TaskList dynamic(Supplier<TaskList> current) {
        Objects.requireNonNull(current, "current");
        return new TaskList(() -> Objects.requireNonNull(current.get(),
                "the supplier of a dynamic task list returned null").handlers.get());
    }

    /**
     * A list of the same tasks with each handler wrapped, for cross-cutting work around every job
     * (tracing, timing, context). For a dynamic list, handlers are wrapped as the list changes, once
     * per version of it.
     *
     * <pre>{@code
     * TaskList traced = tasks.wrap((identifier, handler) -> tracing.traced(identifier, handler));
     * }</pre>
     *
     * @param wrapper given each task identifier and its handler, returns the handler to run instead
     * @return the wrapped list
     * @since 0.1.0
     */
    public TaskList wrap(BiFunction<String, TaskHandler, TaskHandler> wrapper) {
        Objects.requireNonNull(wrapper, "wrapper");
        AtomicReference<Map.Entry<Map<String, TaskHandler>, Map<String, TaskHandler>>> lastWrapped =
                new AtomicReference<>();
        return new TaskList(() -> {
            Map<String, TaskHandler> source = handlers.get();
            Map.Entry<Map<String, TaskHandler>, Map<String, TaskHandler>> last = lastWrapped.get();
            if (last != null && last.getKey() == source) {
                return last.getValue();
            }
            Map<String, TaskHandler> wrapped = new LinkedHashMap<>();
            source.forEach((identifier, handler) -> wrapped.put(identifier, Objects.requireNonNull(
                    wrapper.apply(identifier, handler), () -> "the wrapper returned no handler for '" + identifier + "'")));
            Map<String, TaskHandler> copy = Collections.unmodifiableMap(wrapped);
            lastWrapped.set(Map.entry(source, copy));
            return copy;
        });
    }

    /** @return a builder of a task list */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the task identifiers in this list: an immutable set, for a dynamic list those of this moment */
    public Set<String> identifiers() {
        return handlers.get().keySet();
    }

    /**
     * @param identifier a task identifier
     * @return its handler, or empty when this list has no such task
     */
    public Optional<TaskHandler> handler(String identifier) {
        return Optional.ofNullable(handlers.get().get(identifier));
    }

    /** @return whether the list has no task */
    public boolean isEmpty() {
        return handlers.get().isEmpty();
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
            TaskIdentifiers.requireValid(identifier);
            Objects.requireNonNull(handler, () -> "handler of task '" + identifier + "'");
            if (handlers.putIfAbsent(identifier, handler) != null) {
                throw new IllegalArgumentException("Task '" + identifier + "' is already in the task list");
            }
            return this;
        }

        /**
         * Adds a task declared by a {@link TaskDefinition}: its handler gets the payload bound to the
         * definition's payload type, as {@link TaskHandler#typed(Class, TaskHandler.TypedTaskHandler)}
         * does, and the compiler checks that the handler takes that type. Jobs added with the same
         * definition ({@link JobAdmin#addJob(TaskDefinition, Object)}) are this task's.
         *
         * <pre>{@code
         * TaskList.builder().task(SEND_EMAIL, (email, helpers) -> mailer.send(email.to())).build();
         * }</pre>
         *
         * @param definition the task's identifier and payload type; its identifier not already added
         *     (by definition or by name)
         * @param handler the code to run with the bound payload
         * @param <T> the payload type
         * @return this builder
         * @throws IllegalArgumentException when the identifier is already present
         * @since 0.1.0
         */
        public <T> Builder task(TaskDefinition<T> definition, TaskHandler.TypedTaskHandler<T> handler) {
            Objects.requireNonNull(definition, "definition");
            Objects.requireNonNull(handler, () -> "handler of task '" + definition.identifier() + "'");
            return task(definition.identifier(), TaskHandler.typed(definition.payloadType(), handler));
        }

        /** @return the task list */
        public TaskList build() {
            return fixed(handlers);
        }
    }
}
