package dev.graphileworker.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.RescheduleOptions;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Values the queue can hold, however long, large or exotic, are stored exactly as given, through SQL
 * and through {@link WorkerUtils}, and reach the task unchanged; the bystanders of the {@link
 * BystanderQueue} stay as they were.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class UnusualJobInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Many scripts, an emoji sequence with zero-width joiners, a combining mark and an RTL override. */
    private static final String UNICODE = "Grüße 世界 مرحبا עולם e\u0301 👩‍💻 𝔘𝔫𝔦 \u202Eabc\u202C ✓";

    private final TestDatabase database;
    private BystanderQueue queue;
    private WorkerUtils utils;

    UnusualJobInputTest(TestDatabase database) {
        this.database = database;
    }

    @BeforeEach
    void queueWithBystanders(TestInfo test) throws SQLException {
        queue = BystanderQueue.forTest(database, "odd", test);
        utils = queue.utils();
    }

    @AfterEach
    void closeQueue() {
        queue.close();
    }

    @Test
    void longestNamesAndKeysAndAStringPayloadAreStoredExactlyThroughSqlAndWorkerUtils() throws Exception {
        String task = "t".repeat(127) + "🙂";
        String queueName = "🙂".repeat(128);
        String key = "k".repeat(511) + "\"";
        long viaSql = queue.number("select (" + queue.quoted() + ".add_job(?, payload => ?::json, queue_name => ?,"
                + " job_key => ?)).id", task, "\"not an object\"", queueName, key);
        Job viaJava = utils.addJob(task, "not an object",
                AddJobOptions.defaults().withQueueName(queueName).withJobKey(key));

        // The second call replaced the first job in place (same key): one job, stored as given.
        assertThat(viaJava.id()).isEqualTo(viaSql);
        assertThat(queue.storedJob(viaSql)).containsExactly(task, queueName, key, "\"not an object\"");
        assertThat(queue.now().jobsExcept(List.of(viaSql))).isEqualTo(queue.before().jobs());
    }

    @Test
    void unicodeInEveryTextIsStoredExactlyAndReachesTheTask() throws Exception {
        String task = "task " + UNICODE;
        Map<String, Object> payload = Map.of(UNICODE, UNICODE, "NUL", "a\0b");
        Job added = utils.addJob(task, payload, AddJobOptions.defaults().withQueueName("queue " + UNICODE)
                .withJobKey("key " + UNICODE).withFlags(Set.of("flag " + UNICODE)));
        long viaSql = queue.number("select (" + queue.quoted() + ".add_job(?, payload => json_build_object(?::text,"
                + " ?::text), queue_name => ?, job_key => ?, flags => array[?])).id",
                task, UNICODE, UNICODE, "queue " + UNICODE, "key 2 " + UNICODE, "flag " + UNICODE);

        assertThat(added.taskIdentifier()).isEqualTo(task);
        assertThat(added.queueName()).contains("queue " + UNICODE);
        assertThat(added.key()).contains("key " + UNICODE);
        assertThat(added.flags()).containsExactly("flag " + UNICODE);
        assertThat(queue.storedJob(added.id())).containsExactly(task, "queue " + UNICODE, "key " + UNICODE,
                JSON.writeValueAsString(payload));
        assertThat(utils.permanentlyFailJobs(List.of(viaSql), "reason " + UNICODE))
                .singleElement().satisfies(job -> assertThat(job.lastError()).contains("reason " + UNICODE));
        utils.rescheduleJobs(List.of(viaSql), new RescheduleOptions(null, null, 0, null));

        Map<Long, JsonNode> received = new ConcurrentHashMap<>();
        GraphileWorker.runOnce(queue.options()
                .taskList(TaskList.builder().task(task, (p, helpers) -> received.put(helpers.job().id(), p)).build())
                .build());

        assertThat(received).containsOnlyKeys(added.id(), viaSql);
        assertThat(JSON.convertValue(received.get(added.id()), Map.class)).isEqualTo(payload);
        assertThat(received.get(viaSql).get(UNICODE).asText()).isEqualTo(UNICODE);
        assertThat(queue.now().jobs()).isEqualTo(queue.before().jobs());
    }

    @Test
    void tenMegabytePayloadIsStoredExactlyAndReachesTheTask() throws Exception {
        String blob = tenMegabytesOfText();
        String jsonText = JSON.writeValueAsString(Map.of("blob", blob));
        Job viaJava = utils.addJob("big", Map.of("blob", blob));
        long viaSql = queue.number("select (" + queue.quoted() + ".add_job('big', payload => ?::json)).id",
                "  " + jsonText + "\n");

        assertThat(queue.storedJob(viaJava.id()).get(3)).isEqualTo(jsonText);
        assertThat(queue.storedJob(viaSql).get(3)).isEqualTo("  " + jsonText + "\n");

        Map<Long, String> received = new ConcurrentHashMap<>();
        GraphileWorker.runOnce(queue.options()
                .taskList(TaskList.builder().task("big", (p, h) -> received.put(h.job().id(), p.get("blob").asText()))
                        .build())
                .build());

        assertThat(received).containsOnlyKeys(viaJava.id(), viaSql);
        assertThat(received.values()).allSatisfy(text -> assertThat(text).isEqualTo(blob));
        assertThat(queue.now().jobs()).isEqualTo(queue.before().jobs());
    }

    @Test
    void payloadsThatPostgresAcceptsHoweverExtremeReachTheTaskWithoutHoldingUpOtherJobs() throws Exception {
        Map<String, String> extremes = new LinkedHashMap<>();
        extremes.put("nested 10000 deep", "[".repeat(10_000) + "]".repeat(10_000));
        extremes.put("number of 5000 digits", "{\"n\": " + "9".repeat(5_000) + "}");
        extremes.put("key of 60000 characters", "{\"" + "k".repeat(60_000) + "\": 1}");
        extremes.put("duplicate keys", "{\"a\": 1, \"a\": 2}");
        for (Map.Entry<String, String> extreme : extremes.entrySet()) {
            queue.text("select " + queue.quoted() + ".add_job('extreme', payload => ?::json, queue_name => 'q')",
                    extreme.getValue());
            utils.addJob("ordinary", Map.of("after", extreme.getKey()), AddJobOptions.defaults().withQueueName("q"));
        }

        Set<String> ran = ConcurrentHashMap.newKeySet();
        GraphileWorker.runOnce(queue.options().concurrency(4)
                .taskList(TaskList.builder()
                        .task("extreme", (p, h) -> ran.add("extreme " + h.job().id()))
                        .task("ordinary", (p, h) -> ran.add("after " + p.get("after").asText()))
                        .build())
                .build());

        assertThat(ran).hasSize(2 * extremes.size());
        assertThat(queue.now().jobs()).isEqualTo(queue.before().jobs());
    }

    /** About 10 MB of JSON text, with characters that JSON must escape and some that take 4 bytes in UTF-8. */
    private static String tenMegabytesOfText() {
        String chunk = "Lorem \"ipsum\" \\ dolor\n\ttab 🙂 é ";
        return chunk.repeat(10 * 1024 * 1024 / chunk.length());
    }
}
