/**
 * The worker's events, under graphile-worker's names ({@code job:start}, {@code worker:getJob:empty},
 * {@code cron:schedule}, ...), for monitoring, metrics and alerts.
 */
package dev.graphileworker.api.events;
