/**
 * The command's task folder: scanning it for executables and jars, running executables with
 * graphile-worker's executable-task protocol, loading jars' {@link dev.graphileworker.api.spi.TaskProvider}s,
 * and watching the folder for changes. Entry point: {@link dev.graphileworker.cli.internal.tasks.TaskFolder}.
 * Internal to the command line; not a supported API.
 */
package dev.graphileworker.cli.internal.tasks;
