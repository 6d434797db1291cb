package dev.graphileworker.examples.shop;

import java.net.URI;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /orders} places an order; {@code GET /orders/{id}} shows it, with when its e-mail went. */
@RestController
@RequestMapping("/orders")
class OrderController {

    private final Orders orders;
    private final JdbcClient jdbc;

    OrderController(Orders orders, JdbcClient jdbc) {
        this.orders = orders;
        this.jdbc = jdbc;
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> place(@RequestBody NewOrder order) {
        long id = orders.place(order);
        return ResponseEntity.created(URI.create("/orders/" + id)).body(Map.of("id", id));
    }

    @GetMapping("/{id}")
    ResponseEntity<Map<String, Object>> show(@PathVariable("id") long id) {
        return jdbc.sql("select id, email, item, quantity, email_sent_at from orders where id = ?")
                .param(id).query().listOfRows().stream().findFirst()
                .map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.notFound().build());
    }
}
