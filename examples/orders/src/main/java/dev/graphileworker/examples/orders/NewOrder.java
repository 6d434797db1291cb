package dev.graphileworker.examples.orders;

import java.util.Objects;

/**
 * An order as the customer places it.
 *
 * @param customerId who orders; their card charges run one at a time
 * @param email where the confirmation goes
 * @param amountCents what to charge, in cents
 */
public record NewOrder(String customerId, String email, long amountCents) {

    /** Checks the order before anything is written, so a bad one fails with a clear message. */
    public NewOrder {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(email, "email");
        if (amountCents <= 0) {
            throw new IllegalArgumentException("amountCents must be positive, was " + amountCents);
        }
    }
}
