package dev.graphileworker.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * A job for add-jobs.mjs to add, through the Node.js API named by {@code api} ({@code addJob} of
 * makeWorkerUtils, or {@code quickAddJob}). Unset (null) options are left out, so graphile-worker
 * applies its defaults.
 */
record NodeJob(String api, String identifier, JsonNode payload, String queueName, Instant runAt,
        Integer maxAttempts, String jobKey, Integer priority, List<String> flags) {

    static NodeJob addJob(String identifier, JsonNode payload) {
        return new NodeJob("addJob", identifier, payload, null, null, null, null, null, null);
    }

    static NodeJob quickAddJob(String identifier, JsonNode payload) {
        return new NodeJob("quickAddJob", identifier, payload, null, null, null, null, null, null);
    }

    NodeJob withOptions(String queueName, Instant runAt, int maxAttempts, String jobKey, int priority,
            List<String> flags) {
        return new NodeJob(api, identifier, payload, queueName, runAt, maxAttempts, jobKey, priority, flags);
    }

    /** @return the request as add-jobs.mjs reads it */
    ObjectNode toJson(ObjectNode json) {
        json.put("api", api).put("identifier", identifier).set("payload", payload);
        ObjectNode spec = json.putObject("spec");
        if (queueName != null) {
            spec.put("queueName", queueName);
        }
        if (runAt != null) {
            spec.put("runAt", runAt.toString());
        }
        if (maxAttempts != null) {
            spec.put("maxAttempts", maxAttempts);
        }
        if (jobKey != null) {
            spec.put("jobKey", jobKey);
        }
        if (priority != null) {
            spec.put("priority", priority);
        }
        if (flags != null) {
            flags.forEach(spec.putArray("flags")::add);
        }
        return json;
    }
}
