package dev.graphileworker.testkit;

import dev.graphileworker.testkit.contract.CronStoreContract;

/** The in-memory cron store passes the same contract as the PostgreSQL one. */
class InMemoryCronStoreContractTest extends CronStoreContract {

    @Override
    protected Ports createPorts() {
        InMemoryJobQueue queue = new InMemoryJobQueue();
        // Workers of one database share its table: here, the queue's one store.
        return new Ports(queue::cronStore, queue::jobs);
    }
}
