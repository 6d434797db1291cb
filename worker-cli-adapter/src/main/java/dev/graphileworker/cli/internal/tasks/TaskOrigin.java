package dev.graphileworker.cli.internal.tasks;

import java.nio.file.Path;

/**
 * The file a task came from, as it was when loaded.
 *
 * @param file an executable or a jar
 * @param version the file's version then
 */
record TaskOrigin(Path file, FileVersion version) {
}
