package dev.graphileworker.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * Fails a batch job in part: the job is retried later with only {@link #failedElements()} as its
 * payload (a JSON array), as graphile-worker does, so elements that succeeded do not run again.
 * {@link TaskHandler#batch(TaskHandler.BatchTaskHandler)} throws it for you; a handler of your own
 * may throw it too.
 *
 * <p>Its message, stored as the job's {@code last_error}, is {@code Batch failures:} followed by
 * one line per failed element; each element's exception is {@linkplain #getSuppressed() suppressed}
 * by this one, so logs show their stack traces.
 *
 * @since 0.1.0
 */
public final class BatchJobException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<JsonNode> failedElements;

    /**
     * @param failedElements the payload elements to run again, in their order in the payload; not empty
     * @param errors why each of them failed, in the same order and as many
     * @throws IllegalArgumentException when the lists are empty or of different sizes
     */
    public BatchJobException(List<JsonNode> failedElements, List<? extends Throwable> errors) {
        super(messageOf(failedElements, errors));
        this.failedElements = List.copyOf(failedElements);
        errors.forEach(this::addSuppressed);
    }

    /** @return the elements that failed, which become the job's payload; never empty */
    public List<JsonNode> failedElements() {
        return failedElements;
    }

    private static String messageOf(List<JsonNode> failedElements, List<? extends Throwable> errors) {
        Objects.requireNonNull(failedElements, "failedElements");
        Objects.requireNonNull(errors, "errors");
        if (failedElements.isEmpty() || failedElements.size() != errors.size()) {
            throw new IllegalArgumentException("A batch failure needs one error per failed element and at least one, "
                    + "got " + failedElements.size() + " elements and " + errors.size() + " errors");
        }
        StringBuilder message = new StringBuilder("Batch failures:");
        for (Throwable error : errors) {
            message.append('\n').append(ErrorText.of(error));
        }
        return message.toString();
    }
}
