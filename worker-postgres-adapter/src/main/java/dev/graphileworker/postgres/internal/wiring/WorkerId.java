package dev.graphileworker.postgres.internal.wiring;

import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/** Qualifies the worker's id, as stored in {@code locked_by}. */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@interface WorkerId {
}
