package dev.graphileworker.testkit;

import dev.graphileworker.testkit.contract.WorkerSessionsContract;

/** The in-memory sessions pass the same contract as PostgreSQL's. */
class InMemoryWorkerSessionsContractTest extends WorkerSessionsContract {

    @Override
    protected Ports createPorts() {
        InMemoryJobQueue queue = new InMemoryJobQueue();
        InMemoryWorkerSessions sessions = new InMemoryWorkerSessions(queue);
        return new Ports(sessions, queue, queue, queue, queue::jobs, sessions::open);
    }
}
