package dev.graphileworker.testkit.postgres.internal;

/**
 * Stands in for a source whose library is not on the test class path (Testcontainers and the
 * embedded PostgreSQL are optional dependencies), so that the failure message says which
 * dependency would make it available instead of showing a {@link NoClassDefFoundError}.
 */
final class AbsentLibrarySource implements ServerSource {

    private final String kind;
    private final String name;
    private final String dependency;

    AbsentLibrarySource(String kind, String name, String dependency) {
        this.kind = kind;
        this.name = name;
        this.dependency = dependency;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DatabaseServer open() throws SourceUnavailableException {
        throw new SourceUnavailableException(
                "not on the test class path; add the test dependency " + dependency + " to use it");
    }
}
