package dev.graphileworker.examples.orders;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link PaymentGateway} that approves every charge and logs it, so the example needs no provider. */
public final class LoggingPaymentGateway implements PaymentGateway {

    private static final Logger log = LoggerFactory.getLogger(LoggingPaymentGateway.class);

    @Override
    public void charge(String customerId, long amountCents, String idempotencyKey) {
        log.info("Charged {} {} cents ({})", customerId, amountCents, idempotencyKey);
    }
}
