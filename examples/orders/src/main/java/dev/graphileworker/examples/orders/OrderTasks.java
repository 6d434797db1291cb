package dev.graphileworker.examples.orders;

import dev.graphileworker.api.JobHelpers;
import dev.graphileworker.api.TaskHandler;
import dev.graphileworker.api.TaskList;

/** The background work that follows an order: the worker's task list and the handlers in it. */
public final class OrderTasks {

    /** Emails the customer that their order arrived. */
    public static final String SEND_CONFIRMATION_EMAIL = "send_confirmation_email";

    /** Charges the customer's card for the order. */
    public static final String CHARGE_CARD = "charge_card";

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
                .task(SEND_CONFIRMATION_EMAIL, TaskHandler.typed(ConfirmationEmail.class, tasks::sendConfirmation))
                .task(CHARGE_CARD, TaskHandler.typed(CardCharge.class, tasks::chargeCard))
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
