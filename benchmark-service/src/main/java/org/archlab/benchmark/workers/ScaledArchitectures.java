package org.archlab.benchmark.workers;

import org.archlab.architecture.registry.RegistryClient;
import org.archlab.architecture.registry.RegistryException;
import org.archlab.architecture.spec.Scaling;
import org.archlab.benchmark.messaging.TaskMessage;
import org.springframework.stereotype.Component;

import java.net.URI;

/**
 * What a task runs: its architecture as registered, or the scaled variant of it that the registry derives for the
 * job's {@code scale} ({@code POST /api/v1/architectures/{name}/scaled-variants}). The registry's derivation is
 * deterministic and registers a variant once, so every task of a job — and a redelivered task — runs the same one: a
 * {@code fit} is asked at the job's longest context and largest batch, whichever context and batch the task has.
 */
@Component
class ScaledArchitectures {

    private final RegistryClient registry;
    private final InferenceRuns inference;

    ScaledArchitectures(ServiceUrls urls, InferenceRuns inference) {
        this.registry = new RegistryClient(URI.create(urls.registryUrl()), ServiceCall.CONNECT_TIMEOUT, ServiceCall.READ_TIMEOUT);
        this.inference = inference;
    }

    /**
     * @param original the architecture the job named
     * @param run      the architecture to run: the original, or {@code variant@revision}
     * @param scaling  what the variant kept of the original; null when the original runs
     */
    record Target(String original, String run, Scaling scaling) {
    }

    Target resolve(TaskMessage task) {
        if (task.scale().none()) {
            return new Target(task.architecture(), task.architecture(), null);
        }
        Long budget = "fit".equals(task.scale().mode()) ? inference.memoryBudgetBytes() : null;
        int context = task.fitContext() == null ? task.contextLength() : task.fitContext();
        try {
            var variant = registry.scaledVariant(task.architecture(),
                    task.scale().registryRequest(budget, context, task.fitBatch(), task.dtype()));
            return variant.scaling() == null ? new Target(task.architecture(), task.architecture(), null)
                    : new Target(task.architecture(), variant.name() + "@" + variant.revision(), variant.scaling());
        } catch (RegistryException e) {
            if (e.retryable()) {
                throw new TransientFailure(e.getMessage(), e);
            }
            throw new PermanentFailure("the registry could not derive the " + task.scale() + " variant of " + task.architecture()
                    + " (" + e.getMessage() + ")", e);
        }
    }
}
