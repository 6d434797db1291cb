package dev.graphileworker.postgres.internal.wiring;

import jakarta.inject.Scope;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/** One instance per assembled worker (or worker utilities): its pool, its ports, its loop. */
@Scope
@Documented
@Retention(RetentionPolicy.RUNTIME)
@interface WorkerScope {
}
