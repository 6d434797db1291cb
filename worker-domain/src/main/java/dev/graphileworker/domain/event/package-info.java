/** Delivery of the worker's events to the application's listeners, off the worker's own threads. */
package dev.graphileworker.domain.event;
