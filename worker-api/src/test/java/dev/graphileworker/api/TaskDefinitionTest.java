package dev.graphileworker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A definition accepts exactly the identifiers a task list accepts, and refuses the others in the same words. */
class TaskDefinitionTest {

    record SendEmail(String to) {}

    private final TaskHandler handler = (payload, helpers) -> { };

    @Test
    void ofKeepsTheIdentifierAndPayloadType() {
        TaskDefinition<SendEmail> definition = TaskDefinition.of("send_email", SendEmail.class);

        assertThat(definition.identifier()).isEqualTo("send_email");
        assertThat(definition.payloadType()).isEqualTo(SendEmail.class);
        assertThat(definition).isEqualTo(new TaskDefinition<>("send_email", SendEmail.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n"})
    void blankIdentifierIsRefusedWithTheTaskListsMessage(String identifier) {
        assertRefusedAlikeByDefinitionAndTaskList(identifier);
    }

    @Test
    void identifierOverTheSchemasLimitIsRefusedWithTheTaskListsMessage() {
        Throwable refused = assertRefusedAlikeByDefinitionAndTaskList("t".repeat(129));

        assertThat(refused).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Task identifier '" + "t".repeat(129) + "' must have 1 to 128 characters and not be blank");
    }

    @Test
    void nullIdentifierIsRefusedWithTheTaskListsMessage() {
        Throwable refused = assertRefusedAlikeByDefinitionAndTaskList(null);

        assertThat(refused).isInstanceOf(NullPointerException.class).hasMessage("task identifier");
    }

    @Test
    void identifiersATaskListAcceptsAreAccepted() {
        for (String identifier : List.of("t", "t".repeat(128), " padded ", "send-email:v2")) {
            assertThat(TaskDefinition.of(identifier, SendEmail.class).identifier()).isEqualTo(identifier);
            assertThat(TaskList.builder().task(identifier, handler).build().identifiers()).containsExactly(identifier);
        }
    }

    @Test
    void nullPayloadTypeIsRefusedNamingTheTask() {
        assertThatThrownBy(() -> TaskDefinition.of("send_email", null))
                .isInstanceOf(NullPointerException.class).hasMessage("payload type of task 'send_email'");
    }

    /** Both refuse the identifier with the same exception class and message; returns the definition's. */
    private Throwable assertRefusedAlikeByDefinitionAndTaskList(String identifier) {
        Throwable byDefinition = catchThrowable(() -> TaskDefinition.of(identifier, SendEmail.class));
        Throwable byTaskList = catchThrowable(() -> TaskList.builder().task(identifier, handler));

        assertThat(byDefinition).as("the definition refuses %s", Arrays.asList(identifier)).isNotNull();
        assertThat(byTaskList).as("the task list refuses %s", Arrays.asList(identifier)).isNotNull();
        assertThat(byDefinition).isExactlyInstanceOf(byTaskList.getClass()).hasMessage(byTaskList.getMessage());
        return byDefinition;
    }
}
