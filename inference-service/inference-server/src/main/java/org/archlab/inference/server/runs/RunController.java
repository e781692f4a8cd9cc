package org.archlab.inference.server.runs;

import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.inference.cache.KvCacheType;
import org.archlab.inference.kernels.KernelBackends;
import org.archlab.inference.server.InferenceProperties;
import org.archlab.inference.server.models.ModelCatalog;
import org.archlab.inference.server.models.ModelSource;
import org.archlab.inference.server.models.SeededArchitecture;
import org.archlab.problems.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/** Measured runs for the benchmark service, as docs/api/runs.md specifies them. */
@RestController
@RequestMapping("/api/v1/runs")
class RunController {

    private final RunQueue queue;
    private final ModelCatalog catalog;
    private final RunCapabilities capabilities;

    RunController(RunQueue queue, ModelCatalog catalog, InferenceProperties properties, KernelBackends backends) {
        this.queue = queue;
        this.catalog = catalog;
        this.capabilities = RunCapabilities.of(properties, backends);
    }

    /** What runs this server makes; the benchmark service checks jobs against it before accepting them. */
    @GetMapping("/capabilities")
    RunCapabilities capabilities() {
        return capabilities;
    }

    /**
     * Queues a run: 202 with its place in the queue, or 200 with the existing run for a repeated requestId. The model is
     * resolved now, so an unknown model (404) or one that cannot fit the memory budget (422) is refused at once.
     */
    @PostMapping
    ResponseEntity<RunView> submit(@RequestBody RunRequest posted) {
        if (posted == null) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "body", "is required");
        }
        RunRequest request = posted.normalized(capabilities);
        ModelSource source = request.weights().equals("checkpoint") ? catalog.checkpoint(request.model(), "model")
                : catalog.architecture(request.model(), SeededArchitecture.dtype(request.dtype(), "dtype"), request.seed(), "model");
        requireContexts(request, source.spec());
        catalog.requireFits(source, request.longestContext(), request.batch(), KvCacheType.of(request.kvDtype()),
                request.batch() > 1 ? "batch" : "contextLengths");
        RunQueue.Submitted submitted = queue.submit(new MeasuredRun(request, source));
        RunView view = queue.view(submitted.run());
        if (!submitted.created()) {
            return ResponseEntity.ok(view);
        }
        return ResponseEntity.accepted().location(URI.create("/api/v1/runs/" + view.id())).body(view);
    }

    @GetMapping("/{id}")
    RunView get(@PathVariable String id) {
        return queue.find(id).orElseThrow(() -> ApiProblem.field(HttpStatus.NOT_FOUND, "id", "no run '" + id
                + "' (finished runs are kept for a limited time; re-post with the same requestId)", "run_not_found"));
    }

    private void requireContexts(RunRequest request, ArchitectureSpec spec) {
        int maxContext = capabilities.maxContext();
        int limit = spec.maxContext() > 0 ? Math.min(maxContext, spec.maxContext()) : maxContext;
        for (int i = 0; i < request.contextLengths().size(); i++) {
            if (request.contextLengths().get(i) > limit) {
                throw ApiProblem.field(HttpStatus.UNPROCESSABLE_CONTENT, "contextLengths[" + i + "]", "may be at most " + limit
                        + " for this model on this server");
            }
        }
    }
}
