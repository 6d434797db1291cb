package dev.graphileworker.cli.internal.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The class-data-sharing archive that {@code bin/graphile-worker} has the JVM record on a run after a
 * build. The JVM writes it at exit whatever the run did, and one written by a run that failed early
 * (bad options, no database) would lack most of the worker's classes; so the launcher records a
 * candidate and keeps it only when the run marked it worth keeping.
 */
public final class ArchiveCandidate {

    /** Set by the launcher on a recording run: the candidate's path. */
    static final String PROPERTY = "graphile-worker.archiveCandidate";

    private ArchiveCandidate() {
    }

    /** Marks the candidate being recorded, if any, as worth keeping: call once a worker has run and stopped. */
    public static void keep() {
        String candidate = System.getProperty(PROPERTY);
        if (candidate == null) {
            return;
        }
        try {
            Files.write(Path.of(candidate + ".ok"), new byte[0]);
        } catch (IOException e) {
            // Only start-up speed is lost: the next run records again.
            LoggerFactory.getLogger(ArchiveCandidate.class).debug("Could not mark {} as worth keeping", candidate, e);
        }
    }
}
