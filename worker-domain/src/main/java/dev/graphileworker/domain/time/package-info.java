/**
 * Time as the worker sees it: a {@link java.time.Clock} for the time of day and a {@link
 * dev.graphileworker.domain.time.Sleeper} for waiting, so that tests move time instead of waiting for it.
 */
package dev.graphileworker.domain.time;
