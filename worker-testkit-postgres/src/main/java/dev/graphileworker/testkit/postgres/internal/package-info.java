/**
 * Implementation of the testkit. <strong>Not supported API:</strong> these types are public only so
 * that {@code dev.graphileworker.testkit.postgres} can use them; they may change or disappear in any
 * release. Use {@link dev.graphileworker.testkit.postgres.TestDatabase} and {@link
 * dev.graphileworker.testkit.postgres.PostgresDatabaseExtension} instead.
 */
package dev.graphileworker.testkit.postgres.internal;
