/** Which database the command uses: options, {@code DATABASE_URL} and the libpq variables. */
package dev.graphileworker.cli.internal.connection;
