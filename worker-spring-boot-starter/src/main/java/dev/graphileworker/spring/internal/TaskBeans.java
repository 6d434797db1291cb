package dev.graphileworker.spring.internal;

import dev.graphileworker.api.TaskList;
import dev.graphileworker.spring.WorkerTask;
import java.util.HashMap;
import java.util.Map;

/** The application's {@link WorkerTask} beans as a task list, one bean per task identifier. */
public final class TaskBeans {

    private TaskBeans() {
    }

    /**
     * @param tasksByBeanName the beans, by name, in the order of their registration
     * @return a list with each bean's handler under its definition's identifier
     * @throws IllegalStateException when two beans claim one identifier, naming both
     */
    public static TaskList taskList(Map<String, WorkerTask<?>> tasksByBeanName) {
        Map<String, String> beanByIdentifier = new HashMap<>();
        TaskList.Builder builder = TaskList.builder();
        tasksByBeanName.forEach((beanName, task) -> {
            String identifier = task.definition().identifier();
            String earlier = beanByIdentifier.putIfAbsent(identifier, beanName);
            if (earlier != null) {
                throw new IllegalStateException("Task '" + identifier + "' is claimed by two WorkerTask beans, '"
                        + earlier + "' and '" + beanName + "': each task identifier must belong to one bean");
            }
            register(builder, task);
        });
        return builder.build();
    }

    private static <T> void register(TaskList.Builder builder, WorkerTask<T> task) {
        builder.task(task.definition(), task::run);
    }
}
