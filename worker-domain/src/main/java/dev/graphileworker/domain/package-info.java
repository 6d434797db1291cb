/**
 * The pure domain of the job queue: jobs, queues, the back-off policy and lock timeout. No JDBC, no
 * SQL, no dependency injection framework.
 */
package dev.graphileworker.domain;
