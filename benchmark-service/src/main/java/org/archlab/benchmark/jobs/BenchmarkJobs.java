package org.archlab.benchmark.jobs;

import org.archlab.benchmark.messaging.BenchmarkTopics;
import org.archlab.benchmark.messaging.Outbox;
import org.archlab.benchmark.messaging.TaskMessage;
import org.archlab.problems.ApiProblem;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.UUID;

/** Submits, reads, lists and cancels benchmark jobs. */
@Service
class BenchmarkJobs {

    private final JobStore store;
    private final Outbox outbox;
    private final BenchmarkTopics topics;
    private final JsonMapper json;

    BenchmarkJobs(JobStore store, Outbox outbox, BenchmarkTopics topics, JsonMapper json) {
        this.store = store;
        this.outbox = outbox;
        this.topics = topics;
        this.json = json;
    }

    /** Stores the job, one task per architecture × context length × batch size, and each task's message, in one transaction. */
    @Transactional
    UUID submit(JobSpec spec) {
        UUID jobId = UUID.randomUUID();
        store.insertJob(jobId, spec.label(), json.writeValueAsString(spec));
        int position = 0;
        for (String architecture : spec.architectures()) {
            for (int context : spec.contextLengths()) {
                for (int batch : spec.batchSizes()) {
                    UUID taskId = UUID.randomUUID();
                    store.insertTask(taskId, jobId, position++, architecture, context, batch);
                    outbox.add(topics.jobs(), taskId.toString(), new TaskMessage(TaskMessage.SCHEMA_VERSION, taskId, jobId,
                            architecture, context, spec.weights(), spec.dtype(), spec.backend(), spec.promptTokens(),
                            spec.generateTokens(), batch, spec.repeats(), spec.warmup(), spec.seed(), spec.scale(),
                            spec.longestContext(), spec.largestBatch(), spec.kvDtype()));
                }
            }
        }
        return jobId;
    }

    JobView get(UUID id) {
        var job = store.find(id).orElseThrow(() -> ApiProblem.notFound("Benchmark job " + id));
        List<JobView.TaskView> tasks = store.tasks(id);
        var progress = progressOf(tasks);
        return new JobView(job.id(), job.label(), progress.status(), job.createdAt(), progress,
                json.readValue(job.requestJson(), JobSpec.class), tasks);
    }

    JobView.Page<JobView.Summary> list(String label, String architecture, String cursor, int limit) {
        var page = store.list(label, architecture, JobCursor.decode(cursor), limit + 1);
        if (page.size() <= limit) {
            return new JobView.Page<>(page, null);
        }
        var items = page.subList(0, limit);
        var last = items.getLast();
        return new JobView.Page<>(items, new JobCursor(last.createdAt(), last.id()).encode());
    }

    @Transactional
    JobView cancel(UUID id) {
        // An unknown id cancels nothing, and get() answers it with the 404.
        store.cancelQueued(id);
        return get(id);
    }

    private static Progress progressOf(List<JobView.TaskView> tasks) {
        int[] counts = new int[TaskStatus.values().length];
        tasks.forEach(t -> counts[t.status().ordinal()]++);
        return new Progress(tasks.size(), counts[TaskStatus.QUEUED.ordinal()], counts[TaskStatus.RUNNING.ordinal()],
                counts[TaskStatus.SUCCEEDED.ordinal()], counts[TaskStatus.FAILED.ordinal()], counts[TaskStatus.CANCELLED.ordinal()]);
    }
}
