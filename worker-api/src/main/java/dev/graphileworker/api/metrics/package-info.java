/** Micrometer meters for workers (needs {@code io.micrometer:micrometer-core}, an optional dependency). */
package dev.graphileworker.api.metrics;
