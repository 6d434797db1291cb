/**
 * Tracing of jobs with OpenTelemetry: a span for each run of a job, a child of the span that added the
 * job. Needs {@code io.opentelemetry:opentelemetry-api} on the class path (an optional dependency of
 * this module); nothing outside this package uses it.
 */
package dev.graphileworker.api.tracing;
