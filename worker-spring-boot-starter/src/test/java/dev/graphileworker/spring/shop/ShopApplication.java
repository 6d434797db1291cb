package dev.graphileworker.spring.shop;

import dev.graphileworker.api.JobHelpers;
import dev.graphileworker.api.TaskDefinition;
import dev.graphileworker.spring.Jobs;
import dev.graphileworker.spring.WorkerTask;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A small application as a user writes one: a transactional service that saves an order and adds
 * its receipt job, and the task bean that sends the receipt (records it in a table).
 */
@SpringBootApplication
public class ShopApplication {

    /** The receipt job's payload and its task, declared once. */
    public record SendReceipt(String email) {
        public static final TaskDefinition<SendReceipt> TASK = TaskDefinition.of("send_receipt", SendReceipt.class);
    }

    /** A job that waits until the test lets it go, to be caught running when the application stops. */
    public record Dawdle(String note) {
        public static final TaskDefinition<Dawdle> TASK = TaskDefinition.of("dawdle", Dawdle.class);
    }

    public static final String TABLES = "create table if not exists orders (id serial primary key, email text not null);"
            + " create table if not exists receipts_sent (email text not null, thread text not null)";

    @Service
    public static class Orders {
        private final JdbcTemplate jdbc;
        private final Jobs jobs;

        Orders(JdbcTemplate jdbc, Jobs jobs) {
            this.jdbc = jdbc;
            this.jobs = jobs;
        }

        @Transactional
        public void place(String email, boolean paymentDeclined) {
            jdbc.update("insert into orders (email) values (?)", email);
            jobs.add(SendReceipt.TASK, new SendReceipt(email));
            if (paymentDeclined) {
                throw new IllegalStateException("Payment declined for " + email);
            }
        }
    }

    @Component
    public static class SendReceiptTask implements WorkerTask<SendReceipt> {
        private final JdbcTemplate jdbc;

        SendReceiptTask(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public TaskDefinition<SendReceipt> definition() {
            return SendReceipt.TASK;
        }

        @Override
        public void run(SendReceipt receipt, JobHelpers helpers) {
            jdbc.update("insert into receipts_sent (email, thread) values (?, ?)", receipt.email(),
                    Thread.currentThread().getName());
        }
    }

    @Component
    public static class DawdleTask implements WorkerTask<Dawdle> {
        /** Counted down when a dawdling job has started. */
        public final CountDownLatch started = new CountDownLatch(1);
        /** Never counted down: the job runs until the worker stops it. */
        private final CountDownLatch released = new CountDownLatch(1);

        @Override
        public TaskDefinition<Dawdle> definition() {
            return Dawdle.TASK;
        }

        @Override
        public void run(Dawdle payload, JobHelpers helpers) throws InterruptedException {
            started.countDown();
            released.await();
        }
    }
}
