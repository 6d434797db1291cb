/** The running command's companions: signal handling and progress lines. */
package dev.graphileworker.cli.internal.run;
