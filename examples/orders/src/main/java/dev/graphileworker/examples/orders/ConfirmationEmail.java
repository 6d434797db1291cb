package dev.graphileworker.examples.orders;

/**
 * The payload of a {@link OrderTasks#SEND_CONFIRMATION_EMAIL send_confirmation_email} job.
 *
 * @param orderId the order to confirm
 * @param emailAddress where to send the confirmation
 */
public record ConfirmationEmail(long orderId, String emailAddress) {
}
