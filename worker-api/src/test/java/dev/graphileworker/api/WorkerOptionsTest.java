package dev.graphileworker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WorkerOptionsTest {

    @Test
    void defaultsAreThoseOfGraphileWorker() {
        WorkerOptions options = WorkerOptions.builder().connectionString("postgres://localhost/app").build();

        assertThat(options.schema()).isEqualTo("graphile_worker");
        assertThat(options.concurrency()).isEqualTo(1);
        assertThat(options.pollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.maxPoolSize()).isEqualTo(10);
        assertThat(options.shutdownGracePeriod()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.taskList().isEmpty()).isTrue();
        assertThat(options.forbiddenFlags()).isEmpty();
    }

    @Test
    void batchingIsOnByDefault() {
        WorkerOptions options = WorkerOptions.builder().connectionString("postgres://localhost/app").build();

        assertThat(options.localQueueSize()).isEqualTo(500);
        assertThat(options.localQueueTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.completionBatchSize()).isEqualTo(500);
        assertThat(options.completionBatchDelay()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void batchingCanBeTurnedOff() {
        WorkerOptions options = WorkerOptions.builder().connectionString("postgres://localhost/app")
                .localQueueSize(0).completionBatchSize(1).completionBatchDelay(Duration.ZERO).build();

        assertThat(options.localQueueSize()).isZero();
        assertThat(options.completionBatchSize()).isEqualTo(1);
        assertThat(options.toBuilder().build().completionBatchDelay()).isZero();
    }

    @Test
    void badBatchingValuesAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> WorkerOptions.builder().localQueueSize(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("localQueueSize");
        assertThatThrownBy(() -> WorkerOptions.builder().localQueueTtl(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("localQueueTtl");
        assertThatThrownBy(() -> WorkerOptions.builder().completionBatchSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("completionBatchSize");
        assertThatThrownBy(() -> WorkerOptions.builder().completionBatchDelay(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("completionBatchDelay");
    }

    @Test
    void forbiddenFlagsGivenLastWinWhetherSetOrFunction() {
        AtomicReference<Set<String>> current =
                new AtomicReference<>(Set.of("a"));
        WorkerOptions.Builder builder = WorkerOptions.builder().connectionString("postgres://localhost/app")
                .forbiddenFlags(Set.of("fixed"))
                .forbiddenFlags(current::get);

        WorkerOptions asFunction = builder.build();
        current.set(Set.of("b"));
        assertThat(asFunction.forbiddenFlagsSupplier().get()).containsExactly("b");
        assertThat(asFunction.forbiddenFlags()).isEmpty();
        assertThat(asFunction.toString()).contains("forbiddenFlags=<function>");

        WorkerOptions asSet = asFunction.toBuilder().forbiddenFlags(Set.of("fixed")).build();
        assertThat(asSet.forbiddenFlagsSupplier().get()).containsExactly("fixed");
        assertThat(asSet.forbiddenFlags()).containsExactly("fixed");
    }

    @Test
    void negativeConcurrencyIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> WorkerOptions.builder().concurrency(-3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("concurrency").hasMessageContaining("-3");
    }

    @Test
    void nonPositivePollIntervalIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> WorkerOptions.builder().pollInterval(Duration.ZERO))
                .hasMessageContaining("pollInterval");
    }

    @Test
    void connectionStringOfAnotherKindIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> WorkerOptions.builder().connectionString("mysql://root@localhost/app"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connectionString").hasMessageContaining("mysql:");
    }

    @Test
    void connectionStringIsReadWhenGivenNamingTheBadPartWithoutThePassword() {
        assertThatThrownBy(() -> WorkerOptions.builder().connectionString("postgres://app:s3cret@localhost:notaport/app"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("connectionString has an invalid port 'notaport'")
                .hasMessageNotContaining("s3cret");
        assertThat(WorkerOptions.builder().connectionString("postgres://app:s3cret@db/jobs").build().connectionString())
                .contains(ConnectionString.parse("postgres://app:s3cret@db/jobs"));
        ConnectionString fromEnvironment = ConnectionString.fromEnvironment(java.util.Map.of("PGHOST", "db"));
        assertThat(WorkerOptions.builder().connectionString(fromEnvironment).build().connectionString())
                .containsSame(fromEnvironment);
    }

    @Test
    void connectionStringMessageNeverQuotesThePassword() {
        assertThatThrownBy(() -> WorkerOptions.builder().connectionString("pg://user:s3cret@localhost/app"))
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aDatabaseIsRequired() {
        assertThatThrownBy(() -> WorkerOptions.builder().build())
                .hasMessageContaining("connectionString or dataSource");
    }

    @Test
    void overlongSchemaNameIsRefused() {
        assertThatThrownBy(() -> WorkerOptions.builder().schema("s".repeat(64)))
                .hasMessageContaining("schema");
    }

    @Test
    void toStringNeverShowsTheConnectionString() {
        WorkerOptions options = WorkerOptions.builder().connectionString("postgres://u:s3cret@localhost/app").build();

        assertThat(options.toString()).doesNotContain("s3cret");
    }

    @Test
    void aTaskIdentifierCanBeRegisteredOnce() {
        TaskList.Builder builder = TaskList.builder().task("hello", (payload, helpers) -> { });

        assertThatThrownBy(() -> builder.task("hello", (payload, helpers) -> { }))
                .hasMessageContaining("hello");
    }

    @Test
    void unknownJobKeyModeIsNamedWithTheAcceptedOnes() {
        assertThatThrownBy(() -> JobKeyMode.fromSqlName("upsert"))
                .hasMessageContaining("upsert").hasMessageContaining("preserve_run_at");
    }

    @Test
    void deadWorkersAreRecoveredAfterAMinuteUnlessToldOtherwise() {
        WorkerOptions.Builder builder = WorkerOptions.builder().connectionString("postgres://localhost/app");

        assertThat(builder.build().deadWorkerRecoveryTime()).contains(Duration.ofSeconds(60));
        assertThat(builder.deadWorkerRecoveryTime(Duration.ofSeconds(20)).build().deadWorkerRecoveryTime())
                .contains(Duration.ofSeconds(20));
        assertThat(builder.build().toBuilder().build().deadWorkerRecoveryTime()).contains(Duration.ofSeconds(20));
    }

    @Test
    void zeroOrNegativeDeadWorkerRecoveryTimeTurnsFastRecoveryOff() {
        WorkerOptions.Builder builder = WorkerOptions.builder().connectionString("postgres://localhost/app");

        assertThat(builder.deadWorkerRecoveryTime(Duration.ZERO).build().deadWorkerRecoveryTime()).isEmpty();
        assertThat(builder.deadWorkerRecoveryTime(Duration.ofSeconds(-1)).build().deadWorkerRecoveryTime()).isEmpty();
    }

    @Test
    void deadWorkerRecoveryTimeBelowASecondIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> WorkerOptions.builder().deadWorkerRecoveryTime(Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deadWorkerRecoveryTime").hasMessageContaining("PT0.5S");
    }
}
