package dev.graphileworker.examples.shop;

import dev.graphileworker.api.TaskDefinition;

/**
 * The payload of the job that e-mails an order's confirmation.
 *
 * @param orderId the order
 * @param email where to send it
 */
public record ConfirmationEmail(long orderId, String email) {

    /** The task, declared once: the worker runs it as {@link SendConfirmationEmail}, the orders add it. */
    public static final TaskDefinition<ConfirmationEmail> TASK =
            TaskDefinition.of("send_confirmation_email", ConfirmationEmail.class);
}
