/**
 * Fast recovery of the jobs of dead workers: a worker that has shown a session, then has had none
 * for the recovery time, is presumed dead and its jobs are unlocked to run again. Complements the
 * four-hour lock timeout, which stays in force for every worker.
 */
package dev.graphileworker.domain.recovery;
