package dev.graphileworker.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.JobSpec;
import dev.graphileworker.api.RunningWorker;
import dev.graphileworker.api.TaskDefinition;
import dev.graphileworker.api.TaskList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Tasks declared with a {@link TaskDefinition}, enqueued with the same definition on the in-memory queue
 * and run on the real worker loop: each handler gets its payload bound back to the definition's type.
 */
class TaskDefinitionInMemoryTest {

    record SendEmail(String to, List<String> cc) {}

    record Invoice(long orderId, long amountCents) {}

    private static final TaskDefinition<SendEmail> SEND_EMAIL = TaskDefinition.of("send_email", SendEmail.class);
    private static final TaskDefinition<Invoice> INVOICE = TaskDefinition.of("invoice", Invoice.class);

    private final InMemoryJobQueue queue = new InMemoryJobQueue();
    private final List<Object> handled = new CopyOnWriteArrayList<>();

    @Test
    void jobAddedThroughADefinitionIsStoredUnderItsIdentifierAndRunsTheTypedHandler() {
        SendEmail email = new SendEmail("ada@example.com", List.of("grace@example.com"));

        Job added = queue.addJob(SEND_EMAIL, email, AddJobOptions.defaults().withQueueName("emails"));

        assertThat(added.taskIdentifier()).isEqualTo("send_email");
        assertThat(added.queueName()).contains("emails");
        assertThat(added.payload()).isEqualTo(new ObjectMapper().valueToTree(email));

        InMemoryWorker.runTaskListOnce(tasks(), queue);

        assertThat(handled).containsExactly(email);
        assertThat(queue.jobs()).as("a job that succeeded is deleted").isEmpty();
    }

    @Test
    void handlerAddsFollowUpJobsThroughDefinitionsToo() {
        TaskList tasks = TaskList.builder()
                .task(INVOICE, (invoice, helpers) -> {
                    handled.add(invoice);
                    helpers.addJob(SEND_EMAIL, new SendEmail("billing@example.com", List.of()), AddJobOptions.defaults());
                    helpers.addJobs(List.of(JobSpec.of(SEND_EMAIL, new SendEmail("audit@example.com", List.of()))), false);
                })
                .task(SEND_EMAIL, (email, helpers) -> handled.add(email))
                .build();
        queue.addJob(INVOICE, new Invoice(7, 1250));

        InMemoryWorker.runTaskListOnce(tasks, queue);

        assertThat(handled).containsExactlyInAnyOrder(new Invoice(7, 1250),
                new SendEmail("billing@example.com", List.of()), new SendEmail("audit@example.com", List.of()));
        assertThat(queue.jobs()).isEmpty();
    }

    @Test
    void jobAddedThroughARunningWorkerWithADefinitionRuns() {
        try (RunningWorker worker = InMemoryWorker.start(tasks(), queue, 1)) {
            worker.addJob(INVOICE, new Invoice(8, 899), AddJobOptions.defaults());

            Poll.until("the invoice job ran", () -> handled.contains(new Invoice(8, 899)));
        }
        assertThat(queue.jobs()).isEmpty();
    }

    @Test
    void nullPayloadIsStoredAsTheStringMethodStoresIt() {
        Job typed = queue.addJob(SEND_EMAIL, null);
        Job byName = queue.addJob("send_email", null);

        assertThat(typed.payload()).isEqualTo(byName.payload());
        InMemoryWorker.runTaskListOnce(tasks(), queue);
        assertThat(handled).containsExactly(new SendEmail(null, null), new SendEmail(null, null));
    }

    private TaskList tasks() {
        return TaskList.builder()
                .task(SEND_EMAIL, (email, helpers) -> handled.add(email))
                .task(INVOICE, (invoice, helpers) -> handled.add(invoice))
                .build();
    }
}
