package dev.graphileworker.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Objects;

/**
 * How the application's objects become job payloads, and payloads become the application's objects:
 * the one place where the library meets the application's idea of JSON (its naming strategy, its
 * modules, its Jackson version). Give one to {@link WorkerOptions.Builder#payloadMapper}; without one
 * the library uses its own Jackson 2 {@link ObjectMapper}.
 *
 * <p>The mapper is used for every payload of the application's: those given to
 * {@link WorkerUtils#addJob}, {@link WorkerUtils#addJobs}, {@link JobHelpers#addJob},
 * {@link JobHelpers#addJobs} and {@link RunningWorker#addJob}, and those bound by
 * {@link JobHelpers#payloadAs} and {@link TaskHandler#typed} handlers. A payload that is already a
 * {@link JsonNode} is stored as it is, and {@code payloadAs} to a class the payload's tree already is
 * (such as {@code JsonNode.class}) returns the tree; neither asks the mapper. The library's own JSON
 * (the rows it reads, its notifications, crontab payloads) never goes through it.
 *
 * <p>A Spring Boot 4 application, whose JSON is Jackson 3, bridges its mapper through text:
 *
 * <pre>{@code
 * tools.jackson.databind.json.JsonMapper appMapper = ...;   // the application's, Jackson 3
 * ObjectMapper trees = new ObjectMapper();                  // Jackson 2, only to read the text back
 * PayloadMapper mapper = new PayloadMapper() {
 *     public JsonNode toJson(Object payload) {
 *         try {
 *             return trees.readTree(appMapper.writeValueAsString(payload));
 *         } catch (JsonProcessingException e) {              // Jackson 2 reading what Jackson 3 wrote
 *             throw new IllegalStateException(e);
 *         }
 *     }
 *     public <T> T fromJson(JsonNode payload, Class<T> type) {
 *         return appMapper.readValue(payload.toString(), type);
 *     }
 * };
 * }</pre>
 *
 * <p>Implementations must be thread-safe: they are called on the threads that add jobs and on the
 * threads that run handlers, several at once.
 *
 * @since 0.1.0
 */
public interface PayloadMapper {

    /**
     * An application object as a JSON tree; called for every payload that is not already a
     * {@link JsonNode} (and never for {@code null}, which stands for {@code {}}).
     *
     * @param payload the object given as a job's payload, not null
     * @return its JSON; not null ({@code NullNode} for JSON {@code null})
     * @throws RuntimeException when the object cannot be written as JSON: the job is not added, and
     *     the caller gets a {@link WorkerException} naming the task, the object's class and this
     *     exception's message
     */
    JsonNode toJson(Object payload);

    /**
     * A job's payload bound to the application's class ({@link JobHelpers#payloadAs} and
     * {@link TaskHandler#typed} handlers).
     *
     * @param payload the job's payload, not null
     * @param type the class to bind it to
     * @param <T> the class
     * @return the bound payload
     * @throws RuntimeException when the payload does not fit {@code type}: {@code payloadAs} then throws
     *     an {@link IllegalArgumentException} naming the job, the class and this exception's message,
     *     which fails the job (when the handler lets it escape)
     */
    <T> T fromJson(JsonNode payload, Class<T> type);

    /**
     * The default: Jackson 2 with the given mapper ({@code valueToTree} and {@code treeToValue}). A
     * payload that does not bind fails with an {@link IllegalArgumentException} whose cause is
     * Jackson's exception, so that {@code payloadAs} can name the offending field.
     *
     * @param mapper the Jackson 2 mapper to use; it must not be reconfigured once in use
     * @return a mapper that delegates to {@code mapper}
     * @throws NullPointerException when {@code mapper} is null
     */
    static PayloadMapper jackson(ObjectMapper mapper) {
        return new JacksonPayloadMapper(Objects.requireNonNull(mapper, "mapper"));
    }
}
