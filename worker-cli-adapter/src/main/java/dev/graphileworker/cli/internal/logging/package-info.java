/** The command's log output: readable lines or JSON on standard error. */
package dev.graphileworker.cli.internal.logging;
