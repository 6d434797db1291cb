/**
 * The web dashboard of a queue: pages over {@link dev.graphileworker.api.admin.QueueAdministration},
 * read-only unless actions are allowed. {@link dev.graphileworker.dashboard.Dashboard}
 * answers requests independently of any server; {@link dev.graphileworker.dashboard.DashboardServer}
 * serves it on the JDK's HTTP server, on 127.0.0.1 unless credentials are given.
 */
package dev.graphileworker.dashboard;
