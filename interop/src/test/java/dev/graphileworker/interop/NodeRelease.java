package dev.graphileworker.interop;

/** The releases of the npm graphile-worker that {@code interop/package.json} installs. */
enum NodeRelease {
    /** Schema revision 20, the revision this project installs. */
    V0_18("0.18", "0.18.0", "graphile-worker"),
    /** Schema revision 19: warns that revision 20 is newer, and goes on. */
    V0_17("0.17", "0.17.3", "graphile-worker-0.17");

    private final String option;
    private final String version;
    private final String packageDirectory;

    NodeRelease(String option, String version, String packageDirectory) {
        this.option = option;
        this.version = version;
        this.packageDirectory = packageDirectory;
    }

    /** @return the value of the runner scripts' {@code --release} option */
    String option() {
        return option;
    }

    /** @return the exact npm version that package.json pins */
    String version() {
        return version;
    }

    /** @return where npm installs it, under node_modules */
    String packageDirectory() {
        return packageDirectory;
    }

    /** @return the name its runs are recorded under in {@code interop_runs} */
    String runtimeName() {
        return "node-" + option;
    }
}
