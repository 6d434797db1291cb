package dev.graphileworker.api;

import java.util.Objects;

/**
 * A task's identifier and payload type, declared once and used both where the task is registered and
 * where its jobs are added, so that the compiler checks that both ends agree: a misspelt identifier
 * cannot be, and a payload of the wrong type does not compile.
 *
 * <pre>{@code
 * record SendEmail(String to) {}
 * static final TaskDefinition<SendEmail> SEND_EMAIL = TaskDefinition.of("send_email", SendEmail.class);
 *
 * TaskList tasks = TaskList.builder()
 *     .task(SEND_EMAIL, (email, helpers) -> mailer.send(email.to()))
 *     .build();
 * workerUtils.addJob(SEND_EMAIL, new SendEmail("ada@example.com"));
 * }</pre>
 *
 * <p>A definition adds nothing to what is stored: its jobs are added through the same SQL function
 * {@code add_job} as jobs added by identifier, with the payload written as JSON by Jackson, and they
 * run on any worker (Java, Node.js) that has a task of that identifier. The handler registered with
 * {@link TaskList.Builder#task(TaskDefinition, TaskHandler.TypedTaskHandler)} gets the payload bound
 * back to {@code T}, as {@link TaskHandler#typed(Class, TaskHandler.TypedTaskHandler)} does.
 *
 * @param identifier the task identifier: 1 to 128 characters, not blank
 * @param payloadType the class the payload is written from and bound to
 * @param <T> the payload type
 * @since 0.1.0
 */
public record TaskDefinition<T>(String identifier, Class<T> payloadType) {

    /**
     * Checks that both parts are present and that the identifier follows the rule of
     * {@link TaskList.Builder#task(String, TaskHandler)}, with the same message.
     *
     * @throws NullPointerException when a part is {@code null}
     * @throws IllegalArgumentException when the identifier is blank or longer than 128 characters
     */
    public TaskDefinition {
        TaskIdentifiers.requireValid(identifier);
        Objects.requireNonNull(payloadType, () -> "payload type of task '" + identifier + "'");
    }

    /**
     * Declares a task.
     *
     * @param identifier the task identifier: 1 to 128 characters, not blank
     * @param payloadType the class of its payload
     * @param <T> the payload type
     * @return the definition
     * @throws NullPointerException when a part is {@code null}
     * @throws IllegalArgumentException when the identifier is blank or longer than 128 characters
     * @since 0.1.0
     */
    public static <T> TaskDefinition<T> of(String identifier, Class<T> payloadType) {
        return new TaskDefinition<>(identifier, payloadType);
    }
}
