/**
 * The operators' administration on PostgreSQL ({@link dev.graphileworker.api.admin.QueueAdministration}):
 * listings with keyset pagination on the job id, actions on jobs by id or filter (each one transaction,
 * calling graphile-worker's own functions where they do exactly what the action promises), and the
 * views of queues, tasks and workers. Every value reaches SQL as a bind parameter.
 */
package dev.graphileworker.postgres.internal.admin;
