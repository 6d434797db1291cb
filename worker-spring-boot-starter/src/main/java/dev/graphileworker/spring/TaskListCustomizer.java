package dev.graphileworker.spring;

import dev.graphileworker.api.TaskList;

/**
 * Changes the worker's task list once the starter has gathered the {@link WorkerTask} beans, when the
 * worker starts: to wrap every handler for tracing, timing or a context of the application's
 * ({@link TaskList#wrap}). Every bean of this type is applied, in {@code @Order}. With OpenTelemetry
 * in the application, the starter declares one that traces each job.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface TaskListCustomizer {

    /**
     * @param tasks the tasks as gathered, or as the previous customizer left them
     * @return the tasks the worker runs
     */
    TaskList customize(TaskList tasks);
}
