package org.archlab.benchmark.workers;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.archlab.benchmark.messaging.TaskMessage;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker's consumer of {@code benchmark-jobs}: one member of the consumer group per instance. The
 * record is committed only after the task is finished (ack mode RECORD), so a worker that dies mid-task
 * leaves it to the next; failures go to {@link FailedTasks}.
 */
@Component
class TaskListener {

    static final String ID = "benchmark-tasks";

    private final TaskRunner runner;
    private final JsonMapper json;
    private final KafkaListenerEndpointRegistry containers;

    TaskListener(TaskRunner runner, JsonMapper json, KafkaListenerEndpointRegistry containers) {
        this.runner = runner;
        this.json = json;
        this.containers = containers;
    }

    @KafkaListener(id = ID, idIsGroup = false, topics = "${archlab.kafka.topics.jobs}")
    void onTask(ConsumerRecord<String, String> record) {
        runner.run(read(record), () -> containers.getListenerContainer(ID).isRunning());
    }

    private TaskMessage read(ConsumerRecord<String, String> record) {
        TaskMessage task;
        try {
            task = json.readValue(record.value(), TaskMessage.class);
        } catch (JacksonException e) {
            throw new PermanentFailure("unreadable task message: " + e.getOriginalMessage(), e);
        }
        if (task.schemaVersion() != TaskMessage.SCHEMA_VERSION || task.taskId() == null) {
            throw new PermanentFailure("unsupported task message: schemaVersion " + task.schemaVersion()
                    + ", this worker reads " + TaskMessage.SCHEMA_VERSION);
        }
        return task;
    }
}
