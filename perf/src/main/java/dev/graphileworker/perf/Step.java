package dev.graphileworker.perf;

/** One step of the harness: measures both workers (or PostgreSQL alone) and adds the figures to the results. */
interface Step {

    /** @return the name {@code --only} selects it by */
    String name();

    void run(Bench bench, Results results) throws Exception;
}
