/**
 * The ports through which the domain reaches storage and the outside world. Adapters implement them:
 * the PostgreSQL adapter with SQL, the testkit in memory; both pass the same contract tests.
 */
package dev.graphileworker.domain.port;
