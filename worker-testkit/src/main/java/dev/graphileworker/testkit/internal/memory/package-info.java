/**
 * The in-memory job queue's insides, not an API: its tables and the SQL functions and worker
 * statements of graphile-worker, written as plain Java over them. Nothing here locks; the caller,
 * {@link dev.graphileworker.testkit.InMemoryJobQueue}, runs every operation under one lock, as one
 * statement, with one {@code now}.
 */
package dev.graphileworker.testkit.internal.memory;
