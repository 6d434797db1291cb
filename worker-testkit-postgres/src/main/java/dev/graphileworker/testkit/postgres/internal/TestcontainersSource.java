package dev.graphileworker.testkit.postgres.internal;

import dev.graphileworker.api.ConnectionString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** A throwaway {@code postgres:15-alpine} container, when a Docker engine is reachable. */
public final class TestcontainersSource implements ServerSource {

    private static final String IMAGE = "postgres:15-alpine";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, String> environment;

    public TestcontainersSource(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String kind() {
        return "testcontainers";
    }

    @Override
    public String name() {
        return "Testcontainers";
    }

    @Override
    public DatabaseServer open() throws Exception {
        if (!mayHaveDocker()) {
            throw new SourceUnavailableException(
                    "no Docker engine: DOCKER_HOST is not set, no Testcontainers configuration"
                            + " and no Docker socket");
        }
        try {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                throw new SourceUnavailableException("Testcontainers found no working Docker engine");
            }
        } catch (LinkageError e) {
            throw new SourceUnavailableException("could not load Testcontainers: " + e);
        }
        PostgreSQLContainer container = new PostgreSQLContainer(DockerImageName.parse(IMAGE));
        container.start();
        ConnectionString admin = ConnectionString.fromEnvironment(Map.of("PGHOST", container.getHost(),
                "PGPORT", String.valueOf(container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT)),
                "PGDATABASE", container.getDatabaseName(), "PGUSER", container.getUsername(),
                "PGPASSWORD", container.getPassword()));
        return DatabaseServer.connect(name(), admin, TIMEOUT, container::stop);
    }

    /**
     * Asking Testcontainers costs seconds and logs errors when there is no engine, so on Linux
     * look first for the places it would find one.
     */
    private boolean mayHaveDocker() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            return true;
        }
        if (environment.containsKey("DOCKER_HOST")
                || environment.containsKey("TC_HOST")
                || environment.keySet().stream().anyMatch(k -> k.startsWith("TESTCONTAINERS_"))) {
            return true;
        }
        String home = System.getProperty("user.home", "");
        List<Path> places = new ArrayList<>();
        places.add(Path.of(home, ".testcontainers.properties"));
        places.add(Path.of("/var/run/docker.sock"));
        places.add(Path.of("/run/docker.sock"));
        places.add(Path.of(home, ".docker", "run", "docker.sock"));
        places.add(Path.of(home, ".docker", "desktop", "docker.sock"));
        String runtimeDirectory = environment.get("XDG_RUNTIME_DIR");
        if (runtimeDirectory != null && !runtimeDirectory.isBlank()) {
            places.add(Path.of(runtimeDirectory, "docker.sock"));
        }
        return places.stream().anyMatch(Files::exists);
    }
}
