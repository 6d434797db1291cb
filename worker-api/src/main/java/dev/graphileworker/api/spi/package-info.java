/**
 * The service-provider interfaces found through {@link java.util.ServiceLoader}: {@link
 * dev.graphileworker.api.spi.WorkerProvider}, through which storage adapters plug into {@code
 * worker-api}, and {@link dev.graphileworker.api.spi.TaskProvider}, through which a jar offers
 * tasks to a worker that loads them from files. Applications implement {@code TaskProvider} only
 * when they ship tasks as jars.
 */
package dev.graphileworker.api.spi;
