/** Internal to the PostgreSQL adapter: not supported API, may change without notice. */
package dev.graphileworker.postgres.internal.wiring;
