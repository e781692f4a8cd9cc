package org.archlab.benchmark.jobs;

import org.archlab.problems.ApiProblem;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.UUID;

/** The jobs API: queue a benchmark, follow it, list and cancel jobs. */
@RestController
@RequestMapping("/api/v1/benchmarks")
class JobController {

    private static final int MAX_PAGE = 200;

    private final BenchmarkJobs jobs;
    private final StatedCapabilities inference;
    private final RegistryNames registry;

    JobController(BenchmarkJobs jobs, StatedCapabilities inference, RegistryNames registry) {
        this.jobs = jobs;
        this.inference = inference;
        this.registry = registry;
    }

    /**
     * Queues a job, once it is known that inference-service can run it (as far as it said what it can run) and that
     * the registry knows its architectures (as far as it could be asked).
     */
    @PostMapping
    ResponseEntity<JobView> submit(@RequestBody BenchmarkRequest request) {
        UUID id = jobs.submit(request.toSpec(inference.current(), registry.oneSubmission(request.scaled())));
        return ResponseEntity.accepted().location(URI.create("/api/v1/benchmarks/" + id)).body(jobs.get(id));
    }

    @GetMapping("/{id}")
    JobView get(@PathVariable UUID id) {
        return jobs.get(id);
    }

    @GetMapping
    JobView.Page<JobView.Summary> list(@RequestParam(required = false) String label,
                                       @RequestParam(required = false) String architecture,
                                       @RequestParam(defaultValue = "50") int limit,
                                       @RequestParam(required = false) String cursor) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiProblem.field("limit", "must be between 1 and " + MAX_PAGE);
        }
        return jobs.list(label, architecture, cursor, limit);
    }

    /** Cancels the tasks still queued; running tasks finish and keep their results. */
    @DeleteMapping("/{id}")
    JobView cancel(@PathVariable UUID id) {
        return jobs.cancel(id);
    }
}
