package dev.graphileworker.examples.orders;

/**
 * The payload of a {@link OrderTasks#CHARGE_CARD charge_card} job.
 *
 * @param orderId the order being paid for
 * @param customerId whose card to charge
 * @param amountCents how much, in cents
 */
public record CardCharge(long orderId, String customerId, long amountCents) {
}
