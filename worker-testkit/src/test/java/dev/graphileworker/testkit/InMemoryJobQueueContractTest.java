package dev.graphileworker.testkit;

import dev.graphileworker.api.Job;
import dev.graphileworker.domain.Queue;
import dev.graphileworker.api.admin.QueueAdministration;
import dev.graphileworker.domain.port.CronStore;
import dev.graphileworker.domain.port.JobStore;
import dev.graphileworker.testkit.contract.AdminContract;
import dev.graphileworker.testkit.contract.AdministrationContract;
import dev.graphileworker.testkit.contract.ArrivalsContract;
import dev.graphileworker.testkit.contract.ClaimContract;
import dev.graphileworker.testkit.contract.InsertContract;
import dev.graphileworker.testkit.contract.JobKeyContract;
import dev.graphileworker.testkit.contract.JobQueueContract.JobLookup;
import dev.graphileworker.testkit.contract.JobQueueContract.Ports;
import dev.graphileworker.testkit.contract.SettleContract;
import java.util.List;
import org.junit.jupiter.api.Nested;

/** The port contract, area by area, run against the in-memory queue on the system clock. */
class InMemoryJobQueueContractTest {

    /** @return a fresh, empty in-memory queue behind every port */
    static Ports ports() {
        return ports(new InMemoryJobQueue());
    }

    /** @return every port over the given queue */
    static Ports ports(InMemoryJobQueue queue) {
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

    @Nested
    class Insert extends InsertContract {
        @Override
        protected Ports createPorts() {
            return ports();
        }
    }

    @Nested
    class JobKeys extends JobKeyContract {
        @Override
        protected Ports createPorts() {
            return ports();
        }
    }

    @Nested
    class Claim extends ClaimContract {
        @Override
        protected Ports createPorts() {
            return ports();
        }
    }

    @Nested
    class Settle extends SettleContract {
        @Override
        protected Ports createPorts() {
            return ports();
        }
    }

    @Nested
    class Admin extends AdminContract {
        @Override
        protected Ports createPorts() {
            return ports();
        }
    }

    @Nested
    class Arrivals extends ArrivalsContract {
        @Override
        protected Ports createPorts() {
            return ports();
        }
    }

    @Nested
    class Administration extends AdministrationContract {
        private InMemoryJobQueue queue;

        @Override
        protected Ports createPorts() {
            queue = new InMemoryJobQueue();
            return ports(queue);
        }

        @Override
        protected QueueAdministration createAdministration() {
            return queue.administration();
        }

        @Override
        protected CronStore createCronStore() {
            return queue.cronStore();
        }

        @Override
        protected JobStore keepHistory() {
            queue.keepHistory();
            return queue;
        }
    }
}
