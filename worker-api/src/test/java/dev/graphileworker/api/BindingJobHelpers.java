package dev.graphileworker.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Helpers that can only bind a payload, with Jackson as the worker does; enough to call a typed
 * handler in a unit test of this module, which has no worker. Everything else is unsupported.
 */
final class BindingJobHelpers implements JobHelpers {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonNode payload;

    BindingJobHelpers(JsonNode payload) {
        this.payload = payload;
    }

    /** @return the JSON a job would store for {@code payload} */
    static JsonNode json(Object payload) {
        return MAPPER.valueToTree(payload);
    }

    @Override
    public <T> T payloadAs(Class<T> type) {
        return MAPPER.convertValue(payload, type);
    }

    @Override
    public Job job() {
        throw new UnsupportedOperationException();
    }

    @Override
    public String workerId() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Logger logger() {
        throw new UnsupportedOperationException();
    }

    @Override
    public AbortSignal abortSignal() {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> T withConnection(ConnectionWork<T> work) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Map<String, Object>> query(String sql, Object... parameters) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Job addJob(String identifier, Object payload, AddJobOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Job> addJobs(List<JobSpec> specs, boolean preserveRunAt) {
        throw new UnsupportedOperationException();
    }
}
