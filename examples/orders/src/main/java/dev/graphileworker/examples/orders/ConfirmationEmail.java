package dev.graphileworker.examples.orders;

/**
 * The payload of a {@value OrderTasks#SEND_CONFIRMATION_EMAIL} job.
 *
 * @param orderId the order to confirm
 * @param emailAddress where to send the confirmation
 */
public record ConfirmationEmail(long orderId, String emailAddress) {
}
