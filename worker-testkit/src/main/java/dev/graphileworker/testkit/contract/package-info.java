/**
 * The port contracts: what every implementation of the ports must do, as JUnit 5 tests. The job
 * queue's, one abstract class per area ({@link dev.graphileworker.testkit.contract.InsertContract},
 * {@link dev.graphileworker.testkit.contract.JobKeyContract},
 * {@link dev.graphileworker.testkit.contract.ClaimContract},
 * {@link dev.graphileworker.testkit.contract.SettleContract},
 * {@link dev.graphileworker.testkit.contract.AdminContract},
 * {@link dev.graphileworker.testkit.contract.ArrivalsContract}) on the shared base
 * {@link dev.graphileworker.testkit.contract.JobQueueContract}, which shows how an adapter runs them;
 * and those of the other ports, {@link dev.graphileworker.testkit.contract.CronStoreContract} and
 * {@link dev.graphileworker.testkit.contract.WorkerSessionsContract}. The semantics are those of
 * {@code docs/compatibility.md}.
 */
package dev.graphileworker.testkit.contract;
