package org.archlab.benchmark.workers;

import org.archlab.benchmark.jobs.KvDtypes;
import org.archlab.benchmark.jobs.Tasks;
import org.archlab.benchmark.messaging.TaskMessage;
import org.archlab.benchmark.results.TaskMeasurement;
import org.archlab.benchmark.results.Theory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Runs one task: takes it, looks up the registry's theory, asks inference-service for a measured run,
 * follows the run to its end and stores the result. Safe to repeat for the same task: a finished task is
 * skipped, the run is asked for under the task's own request id, and a second result is refused.
 */
@Component
class TaskRunner {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    private final Tasks tasks;
    private final ScaledArchitectures scaled;
    private final RegistryAnalyses registry;
    private final InferenceRuns inference;
    private final TaskCompletion completion;
    private final WorkerProperties properties;

    TaskRunner(Tasks tasks, ScaledArchitectures scaled, RegistryAnalyses registry, InferenceRuns inference, TaskCompletion completion,
               WorkerProperties properties) {
        this.tasks = tasks;
        this.scaled = scaled;
        this.registry = registry;
        this.inference = inference;
        this.completion = completion;
        this.properties = properties;
    }

    /** @param listening whether this worker's listener is still running; a stopping worker gives the task back */
    void run(TaskMessage task, BooleanSupplier listening) {
        var attempt = tasks.claim(task.taskId());
        if (attempt.isEmpty()) {
            log.info("Task {} is finished or cancelled; its message is done", task.taskId());
            return;
        }
        log.info("Task {} ({} at {} tokens, batch {}), attempt {}", task.taskId(), task.architecture(), task.contextLength(), task.batch(),
                attempt.getAsInt());
        var target = scaled.resolve(task);
        Theory theory = registry.theoryFor(task, target.run());
        // A scaled variant's measurement comes with the full-size original's theory, for the estimate of its speed.
        Theory full = target.scaling() == null ? null : registry.theoryFor(task, target.original());
        RunReport.Request request = request(task, target.run(), theory);
        RunReport run = inference.submit(request);
        tasks.recordRun(task.taskId(), run.id());
        Instant deadline = Instant.now().plus(properties.runTimeout());
        while (!run.finished()) {
            pause(listening, task);
            if (Instant.now().isAfter(deadline)) {
                throw new PermanentFailure("run " + run.id() + " did not finish within " + properties.runTimeout());
            }
            run = inference.get(run.id());
        }
        if ("FAILED".equals(run.status())) {
            throw new PermanentFailure("inference-service could not measure it: " + run.error());
        }
        String asked = registry.kvDtype(task);
        String kept = keptKvDtype(run.result(), asked);
        if (!kept.equals(asked)) {
            // The server kept its KV caches in another format than the theory was asked for: measured bytes are compared
            // with the theory for the format they were measured in (of the same pinned revision).
            theory = registry.theoryFor(task, request.model(), kept);
            full = full == null ? null : registry.theoryFor(task, target.original(), kept);
        }
        completion.complete(task, measurement(task, target, run.result(), kept, theory, full));
    }

    private static RunReport.Request request(TaskMessage task, String architecture, Theory theory) {
        boolean random = "random".equals(task.weights());
        // Pin the revision the theory describes, so measurement and theory are of the same spec.
        String model = random && theory.revision() != null && !architecture.contains("@")
                ? architecture + "@" + theory.revision() : architecture;
        return new RunReport.Request(model, random ? "random" : "checkpoint", task.dtype(), task.kvDtype(), task.backend(),
                task.promptTokens(), task.generateTokens(), List.of(task.contextLength()), task.batch(), task.warmup(), task.repeats(),
                task.seed(), "job-" + task.jobId() + "/task-" + task.taskId());
    }

    /**
     * The format the run reports its KV caches kept; a server from before runs reported it kept what the theory was asked
     * for (the job's format, else the configured one).
     */
    private static String keptKvDtype(RunReport.Result result, String asked) {
        if (result.kvDtype() == null) {
            return asked;
        }
        return KvDtypes.named(result.kvDtype()).orElseThrow(() -> new PermanentFailure(
                "the run reported a KV cache format this service does not know: " + result.kvDtype()));
    }

    private void pause(BooleanSupplier listening, TaskMessage task) {
        try {
            Thread.sleep(properties.pollInterval());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkerStopped("interrupted while following the run of task " + task.taskId());
        }
        if (!listening.getAsBoolean()) {
            throw new WorkerStopped("the worker stopped while task " + task.taskId() + " was running; it goes back to the group");
        }
    }

    private static TaskMeasurement measurement(TaskMessage task, ScaledArchitectures.Target target, RunReport.Result result,
                                               String kvDtype, Theory theory, Theory full) {
        var context = result.contexts().stream().filter(c -> c.contextLength() == task.contextLength()).findFirst()
                .orElseThrow(() -> new PermanentFailure("the run reported no measurement at " + task.contextLength() + " tokens"));
        var repeats = context.repeats().stream().map(r -> new TaskMeasurement.Repeat(r.timeToFirstTokenMs(),
                r.prefillTokensPerSecond(), r.decodeTokensPerSecond(), r.interTokenLatencyP50Ms(), r.interTokenLatencyP99Ms())).toList();
        if (repeats.isEmpty()) {
            throw new PermanentFailure("the run reported no repeats at " + task.contextLength() + " tokens");
        }
        var env = result.environment();
        var environment = env == null ? new TaskMeasurement.Environment(result.device(), null, null, null, null, null)
                : new TaskMeasurement.Environment(result.device(), env.cpu(), env.cores(), env.jvm(), env.os(), env.commit());
        // A scaled task stores the variant's name (its revision apart, as for any pinned name) beside the original's.
        String measured = target.scaling() == null ? task.architecture() : target.run().split("@", 2)[0];
        return new TaskMeasurement(measured, result.revision(), task.contextLength(), task.weights(),
                result.dtype() != null ? result.dtype() : task.dtype(), kvDtype,
                result.backend() != null ? result.backend() : task.backend(),
                environment, task.promptTokens(), task.generateTokens(), task.batch(), repeats, context.kvCacheBytes(),
                result.weightBytes(), result.streamableWeightBytes(), result.peakResidentBytes(), theory, target.original(),
                target.scaling(), full);
    }
}
