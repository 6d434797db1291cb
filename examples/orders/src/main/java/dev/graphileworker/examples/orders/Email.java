package dev.graphileworker.examples.orders;

/**
 * An email to send.
 *
 * @param to the recipient's address
 * @param subject the subject line
 * @param body the plain-text body
 */
public record Email(String to, String subject, String body) {
}
