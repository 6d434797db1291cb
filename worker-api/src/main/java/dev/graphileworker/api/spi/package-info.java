/**
 * The service-provider interface through which storage adapters plug into {@code worker-api}.
 * Applications do not use this package.
 */
package dev.graphileworker.api.spi;
