package dev.graphileworker.cli;

import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.api.admin.QueueAdministration;
import java.util.List;

/** Where the operator commands get the {@link QueueAdministration} of the database the options name. */
@FunctionalInterface
interface AdministrationSource {

    /** The queue's own: {@code WorkerUtils.administration()} on the database. */
    AdministrationSource DATABASE = (options, resources) -> {
        WorkerUtils utils = GraphileWorker.workerUtils(options);
        resources.add(utils);
        return utils.administration();
    };

    /**
     * @param options the database and schema
     * @param resources collects what the caller must close when done
     * @return the administration
     */
    QueueAdministration open(WorkerOptions options, List<AutoCloseable> resources);
}
