package dev.graphileworker.testkit.postgres.internal;

/** One place a PostgreSQL server for tests may come from. */
public interface ServerSource {

    /**
     * @return the value of {@code GRAPHILE_WORKER_TEST_DB} that forces this source: {@code env},
     *     {@code local}, {@code testcontainers} or {@code embedded}
     */
    String kind();

    /** @return the name used in logs and in {@link dev.graphileworker.testkit.postgres.TestDatabase#source()} */
    String name();

    /**
     * Finds or starts the server and checks that it works.
     *
     * @throws SourceUnavailableException when this source does not apply here (nothing configured,
     *     no Docker engine, …)
     * @throws Exception when it applies but failed
     */
    DatabaseServer open() throws Exception;
}
