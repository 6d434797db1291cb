package dev.graphileworker.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.testkit.InMemoryJobQueue;
import dev.graphileworker.testkit.InMemoryWorker;
import dev.graphileworker.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The task handlers on the testkit's in-memory queue and worker: no database, no waiting. */
class OrderTasksTest {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T09:00:00Z"));
    private final InMemoryJobQueue queue = new InMemoryJobQueue(clock);
    private final List<Email> sent = new CopyOnWriteArrayList<>();
    private final List<String> charged = new CopyOnWriteArrayList<>();

    @Test
    void confirmationGoesToTheCustomersAddressAndNamesTheOrder() {
        queue.addJob(OrderTasks.SEND_CONFIRMATION_EMAIL, new ConfirmationEmail(42, "ada@example.com"),
                AddJobOptions.defaults());

        InMemoryWorker.runTaskListOnce(tasks(approvingGateway()), queue);

        assertThat(sent).singleElement().satisfies(email -> {
            assertThat(email.to()).isEqualTo("ada@example.com");
            assertThat(email.subject()).contains("42");
        });
        assertThat(queue.jobs()).as("a job that succeeded is deleted").isEmpty();
    }

    @Test
    void declinedChargeIsRetriedAfterABackOffUntilItGoesThrough() {
        AtomicInteger calls = new AtomicInteger();
        PaymentGateway declinesTwice = (customer, amountCents, idempotencyKey) -> {
            if (calls.incrementAndGet() <= 2) {
                throw new IllegalStateException("card declined, try again later");
            }
            charged.add(customer + " " + amountCents + " " + idempotencyKey);
        };
        TaskList tasks = tasks(declinesTwice);
        Job added = queue.addJob(OrderTasks.CHARGE_CARD, new CardCharge(7, "ada", 1250), AddJobOptions.defaults());

        InMemoryWorker.runTaskListOnce(tasks, queue);
        Job failedOnce = queue.job(added.id()).orElseThrow();
        assertThat(failedOnce.attempts()).isEqualTo(1);
        assertThat(failedOnce.lastError()).hasValueSatisfying(error -> assertThat(error).contains("card declined"));
        Duration firstBackOff = Duration.between(clock.instant(), failedOnce.runAt());
        assertThat(firstBackOff).as("retried later, not at once").isPositive();

        InMemoryWorker.runTaskListOnce(tasks, queue);
        assertThat(calls).as("nothing runs before the back-off has passed").hasValue(1);

        clock.advanceTo(failedOnce.runAt());
        InMemoryWorker.runTaskListOnce(tasks, queue);
        Job failedTwice = queue.job(added.id()).orElseThrow();
        assertThat(failedTwice.attempts()).isEqualTo(2);
        assertThat(Duration.between(clock.instant(), failedTwice.runAt()))
                .as("the back-off grows with each attempt")
                .isGreaterThan(firstBackOff);

        clock.advanceTo(failedTwice.runAt());
        InMemoryWorker.runTaskListOnce(tasks, queue);

        assertThat(charged).containsExactly("ada 1250 order-7");
        assertThat(queue.jobs()).isEmpty();
    }

    @Test
    void malformedPayloadFailsItsJobNamingClassAndFieldWhileOtherJobsRun() {
        // A definition does not let Java add such a payload; SQL and other clients add jobs by name.
        Job malformed = queue.addJob(OrderTasks.CHARGE_CARD.identifier(),
                Map.of("orderId", 7, "customerId", "ada", "amountCents", "twelve euros"), AddJobOptions.defaults());
        queue.addJob(OrderTasks.SEND_CONFIRMATION_EMAIL, new ConfirmationEmail(8, "grace@example.com"),
                AddJobOptions.defaults());

        InMemoryWorker.runTaskListOnce(tasks(approvingGateway()), queue);

        assertThat(queue.job(malformed.id()).orElseThrow().lastError()).hasValueSatisfying(error -> assertThat(error)
                .contains(CardCharge.class.getName())
                .contains("amountCents"));
        assertThat(charged).isEmpty();
        assertThat(sent).extracting(Email::to).containsExactly("grace@example.com");
    }

    private TaskList tasks(PaymentGateway payments) {
        return OrderTasks.taskList(sent::add, payments);
    }

    private PaymentGateway approvingGateway() {
        return (customer, amountCents, idempotencyKey) -> charged.add(customer + " " + amountCents + " " + idempotencyKey);
    }
}
