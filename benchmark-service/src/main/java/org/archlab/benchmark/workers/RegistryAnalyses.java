package org.archlab.benchmark.workers;

import org.archlab.architecture.registry.RegistryClient;
import org.archlab.architecture.registry.RegistryException;
import org.archlab.benchmark.jobs.KvDtypes;
import org.archlab.benchmark.messaging.TaskMessage;
import org.archlab.benchmark.results.Theory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;

/** The registry's analysis of an architecture ({@code GET /api/v1/architectures/{name}/analysis}). */
@Component
class RegistryAnalyses {

    private final RegistryClient registry;
    private final String kvDtype;

    RegistryAnalyses(ServiceUrls urls, WorkerProperties properties) {
        this.registry = new RegistryClient(URI.create(urls.registryUrl()), ServiceCall.CONNECT_TIMEOUT, ServiceCall.READ_TIMEOUT);
        // Compared with the format a run reports, which inference-service names upper-case.
        this.kvDtype = properties.kvDtype() == null ? KvDtypes.DEFAULT : KvDtypes.named(properties.kvDtype()).orElseThrow(
                () -> new IllegalArgumentException("archlab.benchmark.worker.kv-dtype " + KvDtypes.mustBeOneOf(properties.kvDtype())));
    }

    /**
     * The theoretical figures for the task's spec, context, weight dtype and batch, with KV caches in the task's format
     * ({@link #kvDtype(TaskMessage)}). A name the registry does not know fails the task for random weights (nothing to
     * build); a checkpoint simply has no theory.
     */
    Theory theoryFor(TaskMessage task) {
        return theoryFor(task, task.architecture());
    }

    /** Like {@link #theoryFor(TaskMessage)} for another architecture at the task's settings: the variant a scaled task runs, or its original. */
    Theory theoryFor(TaskMessage task, String architecture) {
        return theoryFor(task, architecture, kvDtype(task));
    }

    /** Like {@link #theoryFor(TaskMessage, String)} with KV caches in {@code kvDtype}: the format a run reports it kept. */
    Theory theoryFor(TaskMessage task, String architecture, String kvDtype) {
        String[] nameAndRevision = architecture.split("@", 2);
        var query = new LinkedHashMap<String, Object>();
        query.put("context", task.contextLength());
        query.put("weightDtype", task.dtype());
        query.put("kvDtype", kvDtype);
        query.put("batch", task.batch());
        try {
            return theory(registry.analysis(nameAndRevision[0],
                    nameAndRevision.length > 1 ? Integer.valueOf(nameAndRevision[1]) : null, query));
        } catch (RegistryException e) {
            if (e.retryable()) {
                throw new TransientFailure(e.getMessage(), e);
            }
            if ("model".equals(task.weights())) {
                return Theory.UNKNOWN;
            }
            throw new PermanentFailure("the registry has no architecture " + architecture + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The KV cache format a task's theory is asked for before its run says which it kept: the one its job asked for, else
     * the configured one (inference-service's default, F32 unless configured otherwise).
     */
    String kvDtype(TaskMessage task) {
        return task.kvDtype() != null ? task.kvDtype() : kvDtype;
    }

    private static Theory theory(JsonNode analysis) {
        return new Theory(integer(analysis.path("revision")), number(analysis.path("parameters").path("total")),
                number(analysis.path("parameters").path("active")), number(analysis.path("kvCache").path("totalBytes")),
                number(analysis.path("weights").path("bytes")), number(analysis.path("parameters").path("activeWithoutEmbeddings")));
    }

    private static Long number(JsonNode node) {
        return node.isNumber() ? node.longValue() : null;
    }

    private static Integer integer(JsonNode node) {
        return node.isNumber() ? node.intValue() : null;
    }
}
