/** The embedded PostgreSQL the command starts when no database is named. */
package dev.graphileworker.cli.internal.embedded;
