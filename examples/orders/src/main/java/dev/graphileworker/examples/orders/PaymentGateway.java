package dev.graphileworker.examples.orders;

/** Charges cards: a payment provider's API in production, a fake in tests. */
@FunctionalInterface
public interface PaymentGateway {

    /**
     * Charges a customer's card.
     *
     * @param customerId whose card
     * @param amountCents how much, in cents
     * @param idempotencyKey the same for every attempt at one charge, so that the provider makes it
     *     at most once even when a job runs again (jobs are delivered at least once)
     * @throws RuntimeException when the charge did not go through; the job fails and is retried
     */
    void charge(String customerId, long amountCents, String idempotencyKey);
}
