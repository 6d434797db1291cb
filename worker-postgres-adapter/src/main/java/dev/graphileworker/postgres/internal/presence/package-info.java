/**
 * How workers of this library show they are alive (a session named after the worker), and how a
 * dead worker's jobs are found and unlocked. Internal to the PostgreSQL adapter: not supported API,
 * may change without notice.
 */
package dev.graphileworker.postgres.internal.presence;
