/**
 * The port contract: what every implementation of the queue's ports must do, as JUnit 5 tests, one
 * abstract class per area ({@link dev.graphileworker.testkit.contract.InsertContract},
 * {@link dev.graphileworker.testkit.contract.JobKeyContract},
 * {@link dev.graphileworker.testkit.contract.ClaimContract},
 * {@link dev.graphileworker.testkit.contract.SettleContract},
 * {@link dev.graphileworker.testkit.contract.AdminContract},
 * {@link dev.graphileworker.testkit.contract.ArrivalsContract}) on the shared base
 * {@link dev.graphileworker.testkit.contract.JobQueueContract}, which shows how an adapter runs them.
 * The semantics are those of {@code docs/compatibility.md}.
 */
package dev.graphileworker.testkit.contract;
