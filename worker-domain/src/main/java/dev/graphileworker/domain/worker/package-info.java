/**
 * The worker loop and what it needs: claiming, running handlers, recording outcomes, stopping
 * gracefully. Used by adapters to assemble a worker; applications use {@code worker-api}.
 */
package dev.graphileworker.domain.worker;
