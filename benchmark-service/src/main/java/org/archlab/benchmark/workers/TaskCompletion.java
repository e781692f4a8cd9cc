package org.archlab.benchmark.workers;

import org.archlab.benchmark.jobs.Tasks;
import org.archlab.benchmark.messaging.BenchmarkTopics;
import org.archlab.benchmark.messaging.Outbox;
import org.archlab.benchmark.messaging.ResultEvent;
import org.archlab.benchmark.messaging.TaskMessage;
import org.archlab.benchmark.results.TaskMeasurement;
import org.archlab.benchmark.results.ResultStore;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Stores a task's result, marks the task SUCCEEDED and queues the result event, all or nothing. */
@Component
class TaskCompletion {

    private final ResultStore results;
    private final Tasks tasks;
    private final Outbox outbox;
    private final BenchmarkTopics topics;

    TaskCompletion(ResultStore results, Tasks tasks, Outbox outbox, BenchmarkTopics topics) {
        this.results = results;
        this.tasks = tasks;
        this.outbox = outbox;
        this.topics = topics;
    }

    @Transactional
    public void complete(TaskMessage task, TaskMeasurement m) {
        results.save(task.taskId(), task.jobId(), m).ifPresent(resultId -> outbox.add(topics.results(), task.taskId().toString(),
                new ResultEvent(ResultEvent.SCHEMA_VERSION, resultId, task.taskId(), task.jobId(), task.architecture(),
                        task.contextLength(), m.median(TaskMeasurement.Repeat::prefillTokensPerSecond),
                        m.median(TaskMeasurement.Repeat::decodeTokensPerSecond), m.kvCacheBytes(), m.theory().kvCacheBytes(),
                        m.trusted(), m.scaling() == null ? null : m.architecture() + "@" + m.revision(), m.scaling(),
                        m.kvDtype())));
        tasks.succeed(task.taskId());
    }
}
