package dev.graphileworker.examples.orders;

import dev.graphileworker.api.JobHelpers;
import dev.graphileworker.api.TaskDefinition;
import dev.graphileworker.api.TaskList;

/**
 * The background work that follows an order: the tasks' definitions, which {@link OrderService} enqueues
 * with, and the worker's task list, which registers the same definitions with their handlers.
 */
public final class OrderTasks {

    /** Emails the customer that their order arrived. */
    public static final TaskDefinition<ConfirmationEmail> SEND_CONFIRMATION_EMAIL =
            TaskDefinition.of("send_confirmation_email", ConfirmationEmail.class);

    /** Charges the customer's card for the order. */
    public static final TaskDefinition<CardCharge> CHARGE_CARD = TaskDefinition.of("charge_card", CardCharge.class);

    private final EmailSender emails;
    private final PaymentGateway payments;

    private OrderTasks(EmailSender emails, PaymentGateway payments) {
        this.emails = emails;
        this.payments = payments;
    }

    /**
     * @param emails sends the confirmations
     * @param payments charges the cards
     * @return the tasks, each with its payload bound to a record
     */
    public static TaskList taskList(EmailSender emails, PaymentGateway payments) {
        OrderTasks tasks = new OrderTasks(emails, payments);
        return TaskList.builder()
                .task(SEND_CONFIRMATION_EMAIL, tasks::sendConfirmation)
                .task(CHARGE_CARD, tasks::chargeCard)
                .build();
    }

    private void sendConfirmation(ConfirmationEmail confirmation, JobHelpers helpers) {
        emails.send(new Email(confirmation.emailAddress(), "Your order " + confirmation.orderId(),
                "Thank you! We have received order " + confirmation.orderId() + "."));
        helpers.logger().info("Confirmed order {}", confirmation.orderId());
    }

    private void chargeCard(CardCharge charge, JobHelpers helpers) {
        // Derived from the order, not the job, so that a retry is recognised by the provider as the same charge.
        payments.charge(charge.customerId(), charge.amountCents(), "order-" + charge.orderId());
        helpers.logger().info("Charged order {} (attempt {})", charge.orderId(), helpers.job().attempts());
    }
}
