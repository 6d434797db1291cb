package dev.graphileworker.api.spi;

import dev.graphileworker.api.TaskList;

/**
 * Tasks shipped in a jar, for workers that load their tasks from files rather than from code: the
 * {@code graphile-worker} command line loads every {@code .jar} in its task folder this way.
 *
 * <p>A jar offers tasks by implementing this interface and naming the implementation in
 * {@code META-INF/services/dev.graphileworker.api.spi.TaskProvider}, one class name a line:
 *
 * <pre>{@code
 * package com.example.billing;
 *
 * public final class BillingTasks implements TaskProvider {
 *     public BillingTasks() {
 *     }
 *
 *     @Override
 *     public TaskList tasks() {
 *         return TaskList.builder()
 *             .task("billing/charge", (payload, helpers) -> charge(payload.path("invoice").asLong()))
 *             .task("billing/refund", TaskHandler.typed(Refund.class, (refund, helpers) -> refund(refund)))
 *             .build();
 *     }
 * }
 *
 * // src/main/resources/META-INF/services/dev.graphileworker.api.spi.TaskProvider:
 * com.example.billing.BillingTasks
 * }</pre>
 *
 * <p>How the jar is loaded:
 *
 * <ul>
 *   <li>Each jar gets a class loader of its own whose parent provides {@code worker-api}, Jackson and
 *       SLF4J, so handlers share those types with the worker. Anything else the tasks need must be
 *       inside the jar (a "fat" jar); jars do not see each other's classes.
 *   <li>The identifiers are exactly those in the returned list, wherever the jar lies in the task
 *       folder; two files offering the same identifier are an error.
 *   <li>When a watched jar changes, it is loaded again in a new class loader and {@link #tasks()} is
 *       called on a new provider; jobs already running finish with the handlers they started with.
 * </ul>
 *
 * <p>Implementations need a public no-argument constructor. {@link #tasks()} is called once per
 * provider instance, on the loading thread; throwing from it (or from the constructor) makes the
 * jar fail to load with that error. The returned handlers must be thread-safe, see
 * {@link dev.graphileworker.api.TaskHandler}.
 *
 * @since 0.1.0
 */
public interface TaskProvider {

    /**
     * Names this jar's tasks.
     *
     * @return the tasks, built with {@link TaskList#builder()}; never {@code null}, may be empty
     *     (the loader then warns that the jar offers nothing)
     */
    TaskList tasks();
}
