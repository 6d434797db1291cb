package dev.graphileworker.examples.orders;

/** Sends emails: SMTP or a provider's API in production, a fake in tests. */
@FunctionalInterface
public interface EmailSender {

    /**
     * Sends one email.
     *
     * @param email the email
     * @throws RuntimeException when it could not be sent; the job fails and is retried
     */
    void send(Email email);
}
