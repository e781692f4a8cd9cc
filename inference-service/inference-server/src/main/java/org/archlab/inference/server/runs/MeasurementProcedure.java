package org.archlab.inference.server.runs;

import org.archlab.inference.cache.KvCacheType;
import org.archlab.inference.measurement.InferenceMeasurement;
import org.archlab.inference.measurement.MeasuredContext;
import org.archlab.inference.measurement.MeasuredRepeat;
import org.archlab.inference.measurement.MeasurementSettings;
import org.archlab.inference.measurement.NanoClock;
import org.archlab.inference.measurement.ProcessMemory;
import org.archlab.inference.server.models.LoadedModel;
import org.archlab.inference.server.models.ModelSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The measurement of docs/api/runs.md: the engine's {@link InferenceMeasurement} (the one {@code ./archlab bench}
 * uses) at each requested context length, its figures put in the shape the benchmark service reads.
 */
final class MeasurementProcedure {

    private final LoadedModel model;
    private final RunRequest request;
    private final BooleanSupplier stopping;
    private final NanoClock clock;

    MeasurementProcedure(LoadedModel model, RunRequest request, BooleanSupplier stopping, NanoClock clock) {
        this.model = model;
        this.request = request;
        this.stopping = stopping;
        this.clock = clock;
    }

    /** Measures at every context length; the peak resident memory covers all of them (and the model's loading). */
    RunResult measure(RunEnvironment environment) {
        var measurement = new InferenceMeasurement(new MeasurementSettings(request.promptTokens(), request.generateTokens(),
                request.batch(), request.warmup(), request.repeats(), request.seed(), KvCacheType.of(request.kvDtype())), clock,
                this::checkStopping);
        var contexts = new ArrayList<RunResult.ContextMeasurement>();
        for (int length : request.contextLengths()) {
            contexts.add(inApiShape(measurement.atContext(model.transformer(), length)));
        }
        ModelSource source = model.source();
        return new RunResult(request.model(), source.spec().family(), source.revision(), source.weights(), source.dtype(),
                request.kvDtype(), model.kernels().name(), model.kernels().name() + "/" + model.kernels().device(), environment,
                model.weightBytes(), model.streamableWeightBytes(), model.weightBytes() - model.streamableWeightBytes(),
                ProcessMemory.peakResidentBytes(), List.copyOf(contexts));
    }

    private static RunResult.ContextMeasurement inApiShape(MeasuredContext measured) {
        List<RunResult.Repeat> repeats = measured.repeats().stream().map(MeasurementProcedure::inApiShape).toList();
        return new RunResult.ContextMeasurement(measured.contextLength(), measured.kvCacheBytes(), repeats,
                new RunResult.Summary(measured.timeToFirstTokenMs(), measured.prefillTokensPerSecond(), measured.decodeTokensPerSecond()),
                measured.tokensPerExpert());
    }

    private static RunResult.Repeat inApiShape(MeasuredRepeat repeat) {
        return new RunResult.Repeat(repeat.timeToFirstTokenMs(), repeat.prefillTokensPerSecond(), repeat.decodeTokensPerSecond(),
                repeat.interTokenLatencyP50Ms(), repeat.interTokenLatencyP99Ms());
    }

    private void checkStopping() {
        if (stopping.getAsBoolean()) {
            throw new IllegalStateException("the service is shutting down");
        }
    }
}
