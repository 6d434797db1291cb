package dev.graphileworker.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL server of one test's own (zonky's embedded binaries), which the test may stop and start
 * again on the same port and data, as an operator restarting the database would; the shared test
 * server is never touched.
 */
final class RestartablePostgres implements AutoCloseable {

    // The first start on a machine unpacks the binaries and runs initdb.
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    private RestartablePostgres(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** Starts a server with its data in {@code dataDirectory}, on a port that was free a moment ago. */
    static RestartablePostgres start(Path dataDirectory) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        RestartablePostgres postgres = new RestartablePostgres(dataDirectory, port);
        postgres.start();
        return postgres;
    }

    /** Starts the server on its port and data; jobs and schemas are where they were. */
    void start() throws IOException {
        server = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                .setPort(port).setPGStartupWait(STARTUP_WAIT).start();
    }

    /** Stops the server (pg_ctl's fast mode: sessions are ended, as in a restart). */
    void stop() throws IOException {
        server.close();
        server = null;
    }

    String connectionString() {
        return "postgres://postgres@localhost:" + port + "/postgres";
    }

    /** @return a non-pooled data source that reaches the server whenever it runs */
    DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {"localhost"});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName("postgres");
        dataSource.setUser("postgres");
        return dataSource;
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            stop();
        }
    }
}
