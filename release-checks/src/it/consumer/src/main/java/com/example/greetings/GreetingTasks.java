package com.example.greetings;

import dev.graphileworker.api.TaskHandler;
import dev.graphileworker.api.TaskList;
import java.util.function.Consumer;

public final class GreetingTasks {

    public record Greeting(String name) {
    }

    private GreetingTasks() {
    }

    public static TaskList taskList(Consumer<String> greeted) {
        return TaskList.builder()
                .task("greet", TaskHandler.typed(Greeting.class, (greeting, helpers) -> greeted.accept(greeting.name())))
                .build();
    }
}
