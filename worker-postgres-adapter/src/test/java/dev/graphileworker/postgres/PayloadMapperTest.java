package dev.graphileworker.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.JobSpec;
import dev.graphileworker.api.PayloadMapper;
import dev.graphileworker.api.RunningWorker;
import dev.graphileworker.api.TaskHandler;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerException;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.testkit.Poll;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code WorkerOptions.payloadMapper} on PostgreSQL: the application's mapper writes the payloads
 * stored by every way of adding jobs, and binds them for {@code payloadAs} and typed handlers; JSON
 * trees pass by it; a mapper that fails adds nothing, or fails the job it cannot bind.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class PayloadMapperTest {

    record Greeting(String firstName, int timesToRepeat) {}

    private final TestDatabase database;
    private final SnakeCase snakeCase = new SnakeCase();
    private String schema;

    PayloadMapperTest(TestDatabase database) {
        this.database = database;
    }

    @BeforeEach
    void useASchemaOfThisTestsOwn(TestInfo test) {
        schema = "mapper_" + test.getTestMethod().orElseThrow().getName().toLowerCase();
        schema = schema.substring(0, Math.min(63, schema.length()));
    }

    @Test
    void storedPayloadsAreTheMappersJson() throws Exception {
        WorkerOptions options = options(snakeCase, TaskList.empty());
        GraphileWorker.runMigrations(options);

        try (WorkerUtils utils = GraphileWorker.workerUtils(options);
                Connection connection = database.dataSource().getConnection()) {
            utils.addJob("greet", new Greeting("Ada", 1));
            utils.addJob(connection, "greet", new Greeting("Bo", 2), AddJobOptions.defaults());
            utils.addJobs(List.of(JobSpec.of("greet", new Greeting("Cy", 3)), JobSpec.of("greet", null)), false);
        }

        assertThat(storedPayloads()).containsExactly("{\"first_name\":\"Ada\",\"times_to_repeat\":1}",
                "{\"first_name\":\"Bo\",\"times_to_repeat\":2}", "{\"first_name\":\"Cy\",\"times_to_repeat\":3}", "{}");
        assertThat(snakeCase.written).hasValue(3);
    }

    @Test
    void aJsonNodePayloadIsStoredAsItIsWithoutTheMapper() {
        WorkerOptions options = options(snakeCase, TaskList.empty());
        GraphileWorker.runMigrations(options);
        JsonNode asGiven = JsonNodeFactory.instance.objectNode().put("firstName", "Ada");

        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            utils.addJob("greet", asGiven);
            utils.addJobs(List.of(JobSpec.of("greet", asGiven)), false);
        }

        assertThat(storedPayloads()).containsExactly("{\"firstName\":\"Ada\"}", "{\"firstName\":\"Ada\"}");
        assertThat(snakeCase.written).hasValue(0);
    }

    @Test
    void handlersGetWhatTheMapperBindsAndJobsTheyOrTheRunningWorkerAddAreTheMappersJson() throws Exception {
        List<Object> received = new CopyOnWriteArrayList<>();
        TaskList tasks = TaskList.builder()
                .task("greet", TaskHandler.typed(Greeting.class, (greeting, helpers) -> {
                    received.add(greeting);
                    helpers.addJob("greeted", new Greeting(greeting.firstName() + " again", 9), AddJobOptions.defaults());
                }))
                .task("inspect", (payload, helpers) -> {
                    received.add(helpers.payloadAs(Greeting.class));
                    received.add(helpers.payloadAs(JsonNode.class) == payload);
                })
                .build();
        WorkerOptions options = options(snakeCase, tasks);

        try (RunningWorker worker = GraphileWorker.run(options)) {
            worker.addJob("greet", new Greeting("Ada", 2), AddJobOptions.defaults());
            worker.addJob("inspect", new Greeting("Grace", 3), AddJobOptions.defaults());
            Poll.until("both jobs ran", () -> received.size() == 3);
        }

        // Snake case, which the library's own mapper would refuse to bind to Greeting.
        assertThat(received).containsExactlyInAnyOrder(new Greeting("Ada", 2), new Greeting("Grace", 3), true);
        assertThat(snakeCase.bound).hasValue(2);
        assertThat(storedPayloads()).containsExactly("{\"first_name\":\"Ada again\",\"times_to_repeat\":9}");
    }

    @Test
    void aMapperThatCannotWriteThePayloadAddsNothing() {
        WorkerOptions options = options(new Refusing(), TaskList.empty());
        GraphileWorker.runMigrations(options);

        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            assertThatThrownBy(() -> utils.addJob("greet", new Greeting("Ada", 1)))
                    .isInstanceOf(WorkerException.class)
                    .hasMessageContaining("'greet'").hasMessageContaining(Greeting.class.getName())
                    .hasMessageContaining("no JSON for Ada");
            assertThatThrownBy(() -> utils.addJobs(List.of(JobSpec.of("greet", JsonNodeFactory.instance.objectNode()),
                    JobSpec.of("greet", new Greeting("Bo", 2))), false))
                    .isInstanceOf(WorkerException.class).hasMessageContaining("no JSON for Bo");
        }

        assertThat(storedPayloads()).isEmpty();
    }

    @Test
    void aMapperThatCannotBindThePayloadFailsTheJobNamingTheClassAndTheMappersMessage() {
        List<Greeting> received = new CopyOnWriteArrayList<>();
        WorkerOptions options = options(new Refusing(), TaskList.builder()
                .task("greet", TaskHandler.typed(Greeting.class, (greeting, helpers) -> received.add(greeting)))
                .build());
        GraphileWorker.runMigrations(options);
        Job added;
        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            added = utils.addJob("greet", JsonNodeFactory.instance.objectNode().put("firstName", "Ada"));
        }

        GraphileWorker.runOnce(options);

        assertThat(received).isEmpty();
        assertThat(database.text("select last_error from " + schema + "._private_jobs where id = " + added.id()
                + " and attempts = 1 and locked_by is null"))
                .contains(Greeting.class.getName()).contains("cannot bind Greeting");
    }

    private WorkerOptions options(PayloadMapper mapper, TaskList tasks) {
        return WorkerOptions.builder().connectionString(database.connectionString()).schema(schema)
                .payloadMapper(mapper).taskList(tasks).build();
    }

    private List<String> storedPayloads() {
        return database.texts("select payload::text from " + schema + "._private_jobs order by id");
    }

    /** Writes and binds field names in snake_case, counting its calls. */
    private static final class SnakeCase implements PayloadMapper {
        private final ObjectMapper mapper = new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        final AtomicInteger written = new AtomicInteger();
        final AtomicInteger bound = new AtomicInteger();

        @Override
        public JsonNode toJson(Object payload) {
            written.incrementAndGet();
            return mapper.valueToTree(payload);
        }

        @Override
        public <T> T fromJson(JsonNode payload, Class<T> type) {
            bound.incrementAndGet();
            try {
                return mapper.treeToValue(payload, type);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(e);
            }
        }
    }

    /** A mapper that can do neither. */
    private static final class Refusing implements PayloadMapper {
        @Override
        public JsonNode toJson(Object payload) {
            throw new IllegalStateException("no JSON for " + ((Greeting) payload).firstName());
        }

        @Override
        public <T> T fromJson(JsonNode payload, Class<T> type) {
            throw new IllegalStateException("cannot bind " + type.getSimpleName());
        }
    }
}
