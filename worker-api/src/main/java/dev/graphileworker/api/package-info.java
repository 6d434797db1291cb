/**
 * The API of graphile-worker for Java: start workers with {@link dev.graphileworker.api.GraphileWorker},
 * write tasks as {@link dev.graphileworker.api.TaskHandler}s, add jobs with
 * {@link dev.graphileworker.api.WorkerUtils}.
 */
package dev.graphileworker.api;
