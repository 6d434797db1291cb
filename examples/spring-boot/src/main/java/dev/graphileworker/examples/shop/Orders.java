package dev.graphileworker.examples.shop;

import dev.graphileworker.spring.Jobs;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Places orders: the order, its stock and its e-mail job commit together or not at all. */
@Service
public class Orders {

    private final JdbcClient jdbc;
    private final Jobs jobs;

    Orders(JdbcClient jdbc, Jobs jobs) {
        this.jdbc = jdbc;
        this.jobs = jobs;
    }

    /**
     * @param order the order
     * @return its id
     * @throws OutOfStock after the order and its job were written, so that both roll back
     */
    @Transactional
    public long place(NewOrder order) {
        long id = jdbc.sql("insert into orders (email, item, quantity) values (?, ?, ?) returning id")
                .params(order.email(), order.item(), order.quantity())
                .query(Long.class).single();
        jobs.add(ConfirmationEmail.TASK, new ConfirmationEmail(id, order.email()));
        int left = jdbc.sql("update stock set quantity = quantity - ? where item = ? returning quantity")
                .params(order.quantity(), order.item())
                .query(Integer.class).optional()
                .orElseThrow(() -> new OutOfStock(order.item()));
        if (left < 0) {
            throw new OutOfStock(order.item());
        }
        return id;
    }
}
