package dev.graphileworker.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.JobSpec;
import dev.graphileworker.api.PayloadMapper;
import dev.graphileworker.api.TaskHandler;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The in-memory testkit honours what {@code WorkerOptions.payloadMapper} and
 * {@code WorkerOptions.jobThreadFactory} do on PostgreSQL: the queue's payload mapper writes the jobs
 * added to it and binds their payloads, and a worker given a thread factory runs its handlers on
 * the factory's threads.
 */
class InMemoryWorkerOptionsTest {

    record Greeting(String firstName, int timesToRepeat) {}

    private final SnakeCase snakeCase = new SnakeCase();
    private final InMemoryJobQueue queue = new InMemoryJobQueue(Clock.systemUTC(), snakeCase);

    @Test
    void jobsAddedToTheQueueCarryTheMappersJson() {
        queue.addJob("greet", new Greeting("Ada", 2), AddJobOptions.defaults());
        queue.addJobs(List.of(JobSpec.of("greet", new Greeting("Grace", 3))), false);

        assertThat(queue.jobs()).extracting(job -> job.payload().toString()).containsExactlyInAnyOrder(
                "{\"first_name\":\"Ada\",\"times_to_repeat\":2}", "{\"first_name\":\"Grace\",\"times_to_repeat\":3}");
        assertThat(snakeCase.written).hasValue(2);
    }

    @Test
    void aJsonNodePayloadIsStoredAsItIsWithoutTheMapper() {
        JsonNode asGiven = JsonNodeFactory.instance.objectNode().put("firstName", "Ada");

        queue.addJob("greet", asGiven, AddJobOptions.defaults());
        queue.addJobs(List.of(JobSpec.of("greet", asGiven)), false);

        assertThat(queue.jobs()).extracting(Job::payload).containsExactly(asGiven, asGiven);
        assertThat(snakeCase.written).hasValue(0);
    }

    @Test
    void typedHandlersAndPayloadAsBindWithTheMapperAndHelpersAddJobsThroughIt() {
        List<Object> received = new CopyOnWriteArrayList<>();
        queue.addJob("greet", new Greeting("Ada", 2), AddJobOptions.defaults());
        queue.addJob("inspect", new Greeting("Grace", 3), AddJobOptions.defaults());
        TaskList tasks = TaskList.builder()
                .task("greet", TaskHandler.typed(Greeting.class, (greeting, helpers) -> {
                    received.add(greeting);
                    helpers.addJob("greeted", new Greeting(greeting.firstName() + " again", 1), AddJobOptions.defaults());
                }))
                .task("inspect", (payload, helpers) -> {
                    received.add(helpers.payloadAs(Greeting.class));
                    // Asked for the tree, payloadAs hands it over without the mapper.
                    received.add(helpers.payloadAs(JsonNode.class) == payload);
                })
                .build();

        InMemoryWorker.runTaskListOnce(tasks, queue);

        // Bound from snake_case, which the testkit's default Jackson mapper would refuse.
        assertThat(received).containsExactlyInAnyOrder(new Greeting("Ada", 2), new Greeting("Grace", 3), true);
        assertThat(snakeCase.bound).hasValue(2);
        assertThat(queue.jobs()).singleElement().satisfies(job -> {
            assertThat(job.taskIdentifier()).isEqualTo("greeted");
            assertThat(job.payload().toString()).isEqualTo("{\"first_name\":\"Ada again\",\"times_to_repeat\":1}");
        });
    }

    @Test
    void aMapperThatCannotWriteThePayloadAddsNothing() {
        InMemoryJobQueue refusing = new InMemoryJobQueue(Clock.systemUTC(), new Refusing());

        assertThatThrownBy(() -> refusing.addJob("greet", new Greeting("Ada", 2), AddJobOptions.defaults()))
                .isInstanceOf(WorkerException.class)
                .hasMessageContaining("'greet'").hasMessageContaining(Greeting.class.getName())
                .hasMessageContaining("no JSON for Ada");
        assertThatThrownBy(() -> refusing.addJobs(List.of(
                JobSpec.of("greet", JsonNodeFactory.instance.objectNode()), JobSpec.of("greet", new Greeting("Bo", 1))),
                false))
                .isInstanceOf(WorkerException.class).hasMessageContaining("no JSON for Bo");

        assertThat(refusing.jobs()).isEmpty();
    }

    @Test
    void aMapperThatCannotBindThePayloadFailsTheJobNamingTheClassAndTheMappersMessage() {
        InMemoryJobQueue refusing = new InMemoryJobQueue(Clock.systemUTC(), new Refusing());
        List<Greeting> received = new CopyOnWriteArrayList<>();
        Job added = refusing.addJob("greet", JsonNodeFactory.instance.objectNode().put("firstName", "Ada"),
                AddJobOptions.defaults());

        InMemoryWorker.runTaskListOnce(TaskList.builder()
                .task("greet", TaskHandler.typed(Greeting.class, (greeting, helpers) -> received.add(greeting)))
                .build(), refusing);

        assertThat(received).isEmpty();
        Job failed = refusing.job(added.id()).orElseThrow();
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).hasValueSatisfying(error -> assertThat(error)
                .contains(Greeting.class.getName()).contains("cannot bind " + Greeting.class.getSimpleName()));
    }

    @Test
    void handlersRunOnThreadsOfTheGivenFactoryTimedOnesToo() {
        Set<Thread> made = ConcurrentHashMap.newKeySet();
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "application-job-" + count.incrementAndGet());
            made.add(thread);
            return thread;
        };
        List<Thread> ranOn = new CopyOnWriteArrayList<>();
        InMemoryJobQueue plain = new InMemoryJobQueue();
        for (int i = 0; i < 4; i++) {
            plain.addJob("plain", null, AddJobOptions.defaults());
            plain.addJob("timed", null, AddJobOptions.defaults());
        }
        TaskList tasks = TaskList.builder()
                .task("plain", (payload, helpers) -> ranOn.add(Thread.currentThread()))
                .task("timed", TaskHandler.withTimeout(Duration.ofSeconds(30),
                        (payload, helpers) -> ranOn.add(Thread.currentThread())))
                .build();

        InMemoryWorker.runTaskListOnce(tasks, plain, 2, factory);

        assertThat(plain.jobs()).isEmpty();
        assertThat(ranOn).hasSize(8).allSatisfy(thread -> assertThat(made).contains(thread));
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
