package dev.graphileworker.cli.internal.tasks;

import java.nio.file.Path;

/**
 * A file of the task folder that runs as the task its name gives.
 *
 * @param identifier the task identifier, from the file's path below the folder
 * @param path the file
 */
record ExecutableFile(String identifier, Path path) {
}
