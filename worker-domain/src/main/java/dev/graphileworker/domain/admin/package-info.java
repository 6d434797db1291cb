/**
 * The rules of the operators' administration ({@link dev.graphileworker.api.admin.QueueAdministration})
 * that every implementation shares: how a job's state is decided, the page cursor, and when an action
 * refuses a job or a whole selection.
 */
package dev.graphileworker.domain.admin;
