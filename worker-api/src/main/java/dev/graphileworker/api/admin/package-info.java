/**
 * Seeing and acting on a queue, for operators: list, filter and count jobs with keyset pagination, look
 * at one job, retry, reschedule, remove, fail or unlock jobs by id or by filter, see queues, tasks,
 * workers, the jobs completed and failed per minute, the state of a crontab's items and (when it is kept)
 * the history of finished jobs. {@link dev.graphileworker.api.admin.QueueAdministration} is the entry
 * point; {@code WorkerUtils.administration()} gives the PostgreSQL one, and the testkit's in-memory queue
 * gives one ({@code InMemoryJobQueue.administration()}).
 */
package dev.graphileworker.api.admin;
