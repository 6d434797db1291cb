package dev.graphileworker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
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
    void claimsAreNotDurableUnlessAskedAndTheChoiceSurvivesToBuilder() {
        WorkerOptions defaults = WorkerOptions.builder().connectionString("postgres://localhost/app").build();
        WorkerOptions durable = defaults.toBuilder().durableClaims(true).build();

        assertThat(defaults.durableClaims()).isFalse();
        assertThat(durable.durableClaims()).isTrue();
        assertThat(durable.toBuilder().build().durableClaims()).isTrue();
        assertThat(durable.toString()).contains("durableClaims=true");
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
    void historyIsOffUnlessAskedForAndSurvivesToBuilder() {
        WorkerOptions.Builder builder = WorkerOptions.builder().connectionString("postgres://localhost/app");

        assertThat(builder.build().keepHistory()).isEmpty();
        assertThat(builder.build().toString()).contains("keepHistory=<off>");
        WorkerOptions kept = builder.keepHistory(Duration.ofDays(7)).build();
        assertThat(kept.keepHistory()).contains(Duration.ofDays(7));
        assertThat(kept.toBuilder().build().keepHistory()).contains(Duration.ofDays(7));
        assertThat(kept.toString()).contains("keepHistory=PT168H");
        assertThat(kept.toBuilder().keepHistory(null).build().keepHistory()).isEmpty();
    }

    @Test
    void historyKeptLessThanAMinuteIsRefusedWithTheReason() {
        WorkerOptions.Builder builder = WorkerOptions.builder().connectionString("postgres://localhost/app");

        assertThat(builder.keepHistory(Duration.ofMinutes(1)).build().keepHistory()).contains(Duration.ofMinutes(1));
        assertThatThrownBy(() -> builder.keepHistory(Duration.ofSeconds(59)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keepHistory must keep entries at least 1 minute").hasMessageContaining("PT59S");
        assertThatThrownBy(() -> builder.keepHistory(Duration.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.keepHistory(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
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

    @Test
    void payloadMapperListenDataSourceAndJobThreadFactoryAreTheLibrarysOwnUnlessGiven() {
        WorkerOptions options = WorkerOptions.builder().connectionString("postgres://localhost/app").build();

        assertThat(options.payloadMapper()).isEmpty();
        assertThat(options.listenDataSource()).isEmpty();
        assertThat(options.jobThreadFactory()).isEmpty();
        assertThat(options.toString()).contains("payloadMapper=<default>", "listenDataSource=<main>",
                "jobThreadFactory=<default>");
    }

    @Test
    void givenPayloadMapperListenDataSourceAndJobThreadFactoryAreKeptAndCarriedByToBuilder() {
        PayloadMapper mapper = PayloadMapper.jackson(new ObjectMapper());
        DataSource main = dataSource("main");
        DataSource listening = dataSource("postgres://u:s3cret@db/app");
        ThreadFactory threads = Thread::new;

        WorkerOptions options = WorkerOptions.builder().dataSource(main).listenDataSource(listening)
                .payloadMapper(mapper).jobThreadFactory(threads).build();
        WorkerOptions copy = options.toBuilder().concurrency(3).build();

        for (WorkerOptions each : new WorkerOptions[] {options, copy}) {
            assertThat(each.payloadMapper()).containsSame(mapper);
            assertThat(each.listenDataSource()).containsSame(listening);
            assertThat(each.dataSource()).containsSame(main);
            assertThat(each.jobThreadFactory()).containsSame(threads);
        }
        assertThat(options.toString()).contains("payloadMapper=PayloadMapper.jackson", "listenDataSource=<separate>",
                "jobThreadFactory=<given>").doesNotContain("s3cret");
    }

    @Test
    void nullPayloadMapperListenDataSourceOrJobThreadFactoryIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> WorkerOptions.builder().payloadMapper(null))
                .isInstanceOf(NullPointerException.class).hasMessage("payloadMapper");
        assertThatThrownBy(() -> WorkerOptions.builder().listenDataSource(null))
                .isInstanceOf(NullPointerException.class).hasMessage("listenDataSource");
        assertThatThrownBy(() -> WorkerOptions.builder().jobThreadFactory(null))
                .isInstanceOf(NullPointerException.class).hasMessage("jobThreadFactory");
        assertThatThrownBy(() -> PayloadMapper.jackson(null))
                .isInstanceOf(NullPointerException.class).hasMessage("mapper");
    }

    @Test
    void aListenDataSourceAloneIsNotADatabase() {
        assertThatThrownBy(() -> WorkerOptions.builder().listenDataSource(dataSource("listen")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listenDataSource").hasMessageContaining("dataSource or connectionString");

        assertThat(WorkerOptions.builder().connectionString("postgres://localhost/app")
                .listenDataSource(dataSource("listen")).build().listenDataSource()).isPresent();
    }

    @Test
    void theJacksonPayloadMapperWritesTreesAndBindsKeepingJacksonsExceptionAsTheCause() {
        PayloadMapper mapper = PayloadMapper.jackson(new ObjectMapper());

        JsonNode tree = mapper.toJson(Map.of("zip", 1234));
        assertThat(tree.get("zip").asInt()).isEqualTo(1234);
        assertThat(mapper.fromJson(tree, Address.class)).isEqualTo(new Address(null, 1234));
        assertThat(mapper.toJson(JsonNodeFactory.instance.nullNode()).isNull()).isTrue();
        assertThatThrownBy(() -> mapper.fromJson(JsonNodeFactory.instance.objectNode().put("zip", "north"),
                Address.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("north")
                .hasCauseInstanceOf(JsonMappingException.class);
    }

    record Address(String street, int zip) {}

    /** A data source that is never asked for a connection here; its text is {@code text}. */
    private static DataSource dataSource(String text) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "toString" -> text;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
