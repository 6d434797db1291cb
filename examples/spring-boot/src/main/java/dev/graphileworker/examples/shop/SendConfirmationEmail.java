package dev.graphileworker.examples.shop;

import dev.graphileworker.api.JobHelpers;
import dev.graphileworker.api.TaskDefinition;
import dev.graphileworker.spring.WorkerTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Sends an order's confirmation. The example only logs it and records when, where a real shop would
 * call its mail provider; a job may run twice, so it records the first time only.
 */
@Component
class SendConfirmationEmail implements WorkerTask<ConfirmationEmail> {

    private static final Logger LOG = LoggerFactory.getLogger(SendConfirmationEmail.class);

    private final JdbcClient jdbc;

    SendConfirmationEmail(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public TaskDefinition<ConfirmationEmail> definition() {
        return ConfirmationEmail.TASK;
    }

    @Override
    public void run(ConfirmationEmail email, JobHelpers helpers) {
        LOG.info("Sending the confirmation of order {} to {}", email.orderId(), email.email());
        jdbc.sql("update orders set email_sent_at = coalesce(email_sent_at, now()) where id = ?")
                .param(email.orderId()).update();
    }
}
