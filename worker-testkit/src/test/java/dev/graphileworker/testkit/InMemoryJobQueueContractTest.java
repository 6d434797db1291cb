package dev.graphileworker.testkit;

import dev.graphileworker.api.Job;
import dev.graphileworker.domain.Queue;
import java.util.List;

/** The port contract, run against the in-memory queue on the system clock. */
class InMemoryJobQueueContractTest extends JobQueueContract {

    @Override
    protected Ports createPorts() {
        InMemoryJobQueue queue = new InMemoryJobQueue();
        return new Ports(queue, queue, queue, new JobLookup() {
            @Override
            public List<Job> allJobs() {
                return queue.jobs();
            }

            @Override
            public List<String> queueNames() {
                return queue.queues().stream().map(Queue::name).toList();
            }

            @Override
            public List<String> taskIdentifiers() {
                return queue.taskIdentifiers();
            }
        });
    }
}
