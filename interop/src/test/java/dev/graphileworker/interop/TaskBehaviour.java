package dev.graphileworker.interop;

/**
 * What a test task does, in either runtime. Both record the run in {@code interop_runs} first (see
 * {@link RunLog}).
 */
enum TaskBehaviour {
    /** Records the run and succeeds. */
    RECORD("record"),
    /** Records the run and fails with "failed by &lt;runtime&gt; on attempt &lt;n&gt;". */
    FAIL("fail"),
    /** Records the run and keeps the job until the worker stops, then succeeds. */
    HOLD("hold");

    private final String option;

    TaskBehaviour(String option) {
        this.option = option;
    }

    /** @return the name run-worker.mjs knows it by */
    String option() {
        return option;
    }

    /** @return the message a failing task of this runtime stores in {@code last_error} */
    static String failureMessage(String runtime, int attempt) {
        return "failed by " + runtime + " on attempt " + attempt;
    }
}
