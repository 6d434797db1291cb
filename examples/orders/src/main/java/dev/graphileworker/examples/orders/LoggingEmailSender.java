package dev.graphileworker.examples.orders;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An {@link EmailSender} that only logs, so the example needs no mail server. */
public final class LoggingEmailSender implements EmailSender {

    private static final Logger log = LoggerFactory.getLogger(LoggingEmailSender.class);

    @Override
    public void send(Email email) {
        log.info("Email to {}: {}", email.to(), email.subject());
    }
}
