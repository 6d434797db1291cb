/**
 * Recurring jobs from a crontab in graphile-worker's format: parsing, schedule matching, backfill
 * after downtime, and the scheduler that enqueues each tick once across all workers.
 */
package dev.graphileworker.domain.cron;
