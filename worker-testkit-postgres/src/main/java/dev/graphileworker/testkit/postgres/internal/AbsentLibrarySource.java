package dev.graphileworker.testkit.postgres.internal;

/**
 * Stands in for a source whose library is not on the test class path (Testcontainers and the
 * embedded PostgreSQL are optional dependencies), so that the failure message says which
 * dependency would make it available instead of showing a {@link NoClassDefFoundError}.
 *
 * @param kind as {@link ServerSource#kind()}
 * @param name as {@link ServerSource#name()}
 * @param dependency the Maven coordinates ({@code group:artifact}) to add
 */
record AbsentLibrarySource(String kind, String name, String dependency) implements ServerSource {

    @Override
    public DatabaseServer open() throws SourceUnavailableException {
        throw new SourceUnavailableException(
                "not on the test class path; add the test dependency " + dependency + " to use it");
    }
}
