package dev.graphileworker.cli.internal.tasks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * Which version of a file was loaded, by size and modification time: enough to tell that an edit
 * happened without reading the file.
 *
 * @param size the size in bytes
 * @param lastModified the modification time
 */
record FileVersion(long size, FileTime lastModified) {

    /** A file that could not be read: never equal to a real version, so it counts as changed. */
    private static final FileVersion UNREADABLE = new FileVersion(-1, FileTime.fromMillis(0));

    static FileVersion of(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileVersion(attributes.size(), attributes.lastModifiedTime());
        } catch (IOException e) {
            return UNREADABLE;
        }
    }
}
