package dev.graphileworker.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A stored payload is parsed by the first to read it, once, whatever the number of threads reading
 * it; a payload that cannot be parsed fails the one who reads it, not the one who read its row.
 */
class StoredPayloadTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final AtomicInteger parses = new AtomicInteger();
    private final Function<String, JsonNode> countingParser = text -> {
        parses.incrementAndGet();
        return parse(text);
    };

    @Test
    void isParsedWhenFirstReadAndOnlyThen() {
        StoredPayload payload = StoredPayload.parsedOnFirstUse("{\"n\": 1}", countingParser);
        assertThat(parses).hasValue(0);
        assertThat(payload).hasToString("{\"n\": 1}");

        assertThat(payload.json().path("n").asInt()).isEqualTo(1);
        assertThat(payload.json()).isSameAs(payload.json());
        assertThat(parses).hasValue(1);
        assertThat(payload).hasToString("{\"n\":1}");
    }

    @Test
    void manyThreadsReadingAtOnceParseItOnce() throws Exception {
        StoredPayload payload = StoredPayload.parsedOnFirstUse("[1, 2, 3]", countingParser);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<JsonNode>> reads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                reads.add(threads.submit(() -> {
                    start.await();
                    return payload.json();
                }));
            }
            start.countDown();
            JsonNode first = reads.get(0).get(10, TimeUnit.SECONDS);
            for (Future<JsonNode> read : reads) {
                assertThat(read.get(10, TimeUnit.SECONDS)).isSameAs(first);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(parses).hasValue(1);
    }

    @Test
    void aPayloadThatCannotBeParsedFailsWhoReadsIt() {
        StoredPayload payload = StoredPayload.parsedOnFirstUse("{not json", StoredPayloadTest::parse);

        assertThatThrownBy(payload::json).isInstanceOf(UncheckedIOException.class);
        assertThat(payload).hasToString("{not json");
    }

    @Test
    void payloadsAreEqualWhenTheirJsonIs() {
        StoredPayload stored = StoredPayload.parsedOnFirstUse("{\"a\": [1, {\"b\": null}]}", countingParser);
        StoredPayload given = StoredPayload.of(parse("{\"a\":[1,{\"b\":null}]}"));

        assertThat(stored).isEqualTo(given).hasSameHashCodeAs(given);
        assertThat(stored).isNotEqualTo(StoredPayload.of(parse("{\"a\":[1]}")));
    }

    private static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
