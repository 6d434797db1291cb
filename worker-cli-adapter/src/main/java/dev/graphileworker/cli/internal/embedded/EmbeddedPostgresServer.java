package dev.graphileworker.cli.internal.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run from binaries in a jar (see {@link PostgresBinaries}), for a first try
 * without installing anything. Its data directory persists, so jobs survive restarts of the command;
 * only one command at a time can use it.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    // The first start unpacks the binaries and runs initdb.
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    /** zonky's lock file: held by a live command, free after one died. */
    private static final String LOCK_FILE = "epg-lock";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts the server on a free port, creating the data directory on first use.
     *
     * @param dataDirectory where the data lives
     * @param binaries this platform's binaries ({@link PostgresBinaries#find()})
     * @return the running server
     * @throws IllegalStateException when another command uses the directory or the server cannot start
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, PostgresBinaries binaries) {
        try {
            Files.createDirectories(dataDirectory);
            stopOrphanedServer(dataDirectory);
            return new EmbeddedPostgresServer(EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(STARTUP_WAIT)
                    .setPgBinaryResolver((system, machineHardware) -> binaries.open())
                    .start());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("could not start the embedded PostgreSQL in " + dataDirectory + ": "
                    + e.getMessage(), e);
        }
    }

    /** @return a connection string for the server's {@code postgres} database */
    public String connectionString() {
        return "postgres://postgres@localhost:" + postgres.getPort() + "/postgres";
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Could not stop the embedded PostgreSQL cleanly", e);
        }
    }

    /**
     * A command killed with SIGKILL leaves its PostgreSQL running, which would refuse to let a new one
     * start on the same data. When no live command holds the lock, any server still recorded in
     * {@code postmaster.pid} is such an orphan: stop it.
     */
    private static void stopOrphanedServer(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dataDirectory.resolve(LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw new IllegalStateException("another graphile-worker command is using it; stop that one, or "
                        + "point both at a shared database with -c or DATABASE_URL");
            }
            Optional<ProcessHandle> orphan = postmasterPid(pidFile).flatMap(ProcessHandle::of)
                    .filter(process -> process.info().command().map(c -> c.contains("postgres")).orElse(false));
            if (orphan.isPresent()) {
                LOG.warn("Stopping an orphaned embedded PostgreSQL (pid {}) left by a command that was killed",
                        orphan.get().pid());
                orphan.get().destroy();
                orphan.get().onExit().get(STARTUP_WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("an orphaned PostgreSQL on this data directory did not stop: "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping an orphaned PostgreSQL", e);
        }
    }

    private static Optional<Long> postmasterPid(Path pidFile) throws IOException {
        List<String> lines = Files.readAllLines(pidFile);
        try {
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
