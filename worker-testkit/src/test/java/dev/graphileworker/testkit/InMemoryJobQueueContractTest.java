package dev.graphileworker.testkit;

/** The port contract, run against the in-memory queue on the system clock. */
class InMemoryJobQueueContractTest extends JobQueueContract {

    @Override
    protected Ports createPorts() {
        InMemoryJobQueue queue = new InMemoryJobQueue();
        return new Ports(queue, queue, queue, queue::jobs);
    }
}
