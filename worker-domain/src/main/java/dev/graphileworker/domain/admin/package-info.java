/**
 * The rules of the operators' administration ({@link dev.graphileworker.api.admin.QueueAdministration})
 * that every implementation shares: how a job's state is decided, the page cursor, when an action
 * refuses a job or a whole selection, the minutes of an activity, and how a crontab's items are shown.
 */
package dev.graphileworker.domain.admin;
