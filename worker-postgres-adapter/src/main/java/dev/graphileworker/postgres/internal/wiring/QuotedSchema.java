package dev.graphileworker.postgres.internal.wiring;

import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/** Qualifies the schema name quoted as a SQL identifier, ready to put into statements. */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@interface QuotedSchema {
}
