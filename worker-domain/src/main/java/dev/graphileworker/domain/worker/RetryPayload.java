package dev.graphileworker.domain.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphileworker.api.BatchJobException;
import java.util.Optional;

/** What payload a failed job keeps for its retry. */
final class RetryPayload {

    private RetryPayload() {
    }

    /**
     * A batch job that failed in part keeps only its failed elements, so that elements that succeeded
     * do not run again; any other failure keeps the payload as it is.
     */
    static Optional<JsonNode> after(Throwable thrown) {
        if (thrown instanceof BatchJobException batch) {
            return Optional.of(JsonNodeFactory.instance.arrayNode().addAll(batch.failedElements()));
        }
        return Optional.empty();
    }
}
