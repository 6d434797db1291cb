package dev.graphileworker.examples.shop;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A web shop: {@code POST /orders} saves an order and adds its confirmation e-mail job in one
 * transaction; the application's own worker sends the e-mail.
 */
@SpringBootApplication
public class ShopApplication {

    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }
}
