package dev.graphileworker.examples.shop;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** Thrown after the order was written and its e-mail added: the transaction rolls both back. */
@ResponseStatus(HttpStatus.CONFLICT)
public class OutOfStock extends RuntimeException {

    private static final long serialVersionUID = 1L;

    OutOfStock(String item) {
        super("Not enough " + item + " in stock");
    }
}
