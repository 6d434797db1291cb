package dev.graphileworker.examples.shop;

/**
 * An order as the client posts it.
 *
 * @param email the customer's address
 * @param item what they buy
 * @param quantity how many
 */
public record NewOrder(String email, String item, int quantity) {
}
