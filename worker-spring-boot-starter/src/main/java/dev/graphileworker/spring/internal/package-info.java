/**
 * How the starter assembles the worker from a Spring application: not an API, may change in any
 * release.
 */
package dev.graphileworker.spring.internal;
