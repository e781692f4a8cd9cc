package org.archlab.benchmark.results;

import org.archlab.architecture.analysis.FullSizeEstimate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.Optional;
import java.util.UUID;

/** Measured results in PostgreSQL: one per task, with its repeats and its series for the dashboard. */
@Repository
public class ResultStore {

    private final JdbcClient jdbc;

    ResultStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the task's result; empty if the task already has one (a redelivered task). */
    public Optional<Long> save(UUID taskId, UUID jobId, TaskMeasurement m) {
        var env = m.environment();
        var theory = m.theory();
        var scaling = m.scaling();
        var full = m.fullTheory();
        Optional<Long> id = jdbc.sql("""
                        INSERT INTO benchmark_result (task_id, job_id, architecture, revision, context_length, weights, dtype, kv_dtype,
                            backend, device, cpu, cores, jvm, os, commit_id, prompt_tokens, generate_tokens, batch, repeats,
                            prefill_tps, decode_tps, ttft_ms, itl_p50_ms, itl_p99_ms, kv_cache_bytes, weight_bytes,
                            streamable_weight_bytes, peak_resident_bytes, spread, trusted, theoretical_parameters, theoretical_active_parameters,
                            theoretical_kv_bytes, theoretical_weight_bytes, original_architecture, scaled_layers, total_layers,
                            scaled_experts, total_experts, full_parameters, full_active_parameters, full_kv_bytes,
                            full_weight_bytes, estimated_full_decode_tps)
                        VALUES (:taskId, :jobId, :architecture, :revision, :context, :weights, :dtype, :kvDtype,
                            :backend, :device, :cpu, :cores, :jvm, :os, :commit, :promptTokens, :generateTokens, :batch, :repeats,
                            :prefill, :decode, :ttft, :itlP50, :itlP99, :kvBytes, :weightBytes,
                            :streamableBytes, :peakBytes, :spread, :trusted, :parameters, :activeParameters,
                            :theoreticalKv, :theoreticalWeights, :original, :scaledLayers, :totalLayers,
                            :scaledExperts, :totalExperts, :fullParameters, :fullActiveParameters, :fullKv,
                            :fullWeights, :estimatedDecode)
                        ON CONFLICT (task_id) DO NOTHING
                        RETURNING id""")
                .param("taskId", taskId).param("jobId", jobId).param("architecture", m.architecture())
                .param("revision", m.revision() != null ? m.revision() : theory.revision())
                .param("context", m.contextLength()).param("weights", m.weights()).param("dtype", m.dtype())
                .param("kvDtype", m.kvDtype())
                .param("backend", m.backend()).param("device", env.device()).param("cpu", env.cpu())
                .param("cores", env.cores()).param("jvm", env.jvm()).param("os", env.os()).param("commit", env.commit())
                .param("promptTokens", m.promptTokens()).param("generateTokens", m.generateTokens())
                .param("batch", m.batch()).param("repeats", m.repeats().size())
                .param("prefill", m.median(TaskMeasurement.Repeat::prefillTokensPerSecond))
                .param("decode", m.median(TaskMeasurement.Repeat::decodeTokensPerSecond))
                .param("ttft", m.median(TaskMeasurement.Repeat::timeToFirstTokenMs))
                .param("itlP50", m.median(TaskMeasurement.Repeat::interTokenLatencyP50Ms))
                .param("itlP99", m.median(TaskMeasurement.Repeat::interTokenLatencyP99Ms))
                .param("kvBytes", m.kvCacheBytes()).param("weightBytes", m.weightBytes())
                .param("streamableBytes", m.streamableWeightBytes())
                .param("peakBytes", m.peakResidentBytes()).param("spread", m.spread()).param("trusted", m.trusted())
                .param("parameters", theory.parameters()).param("activeParameters", theory.activeParameters())
                .param("theoreticalKv", theory.kvCacheBytes()).param("theoreticalWeights", theory.weightBytes())
                .param("original", m.originalArchitecture())
                .param("scaledLayers", scaling == null ? null : scaling.layers())
                .param("totalLayers", scaling == null ? null : scaling.totalLayers())
                .param("scaledExperts", scaling == null ? null : scaling.experts())
                .param("totalExperts", scaling == null ? null : scaling.totalExperts())
                .param("fullParameters", full == null ? null : full.parameters())
                .param("fullActiveParameters", full == null ? null : full.activeParameters())
                .param("fullKv", full == null ? null : full.kvCacheBytes())
                .param("fullWeights", full == null ? null : full.weightBytes())
                .param("estimatedDecode", m.fullSizeEstimate().map(FullSizeEstimate::decodeTokensPerSecond).orElse(null))
                .query(Long.class).optional();
        id.ifPresent(resultId -> saveRepeatsAndSeries(resultId, m));
        return id;
    }

    private void saveRepeatsAndSeries(long resultId, TaskMeasurement m) {
        for (int i = 0; i < m.repeats().size(); i++) {
            var r = m.repeats().get(i);
            jdbc.sql("""
                            INSERT INTO measured_repeat (result_id, repeat, ttft_ms, prefill_tps, decode_tps, itl_p50_ms, itl_p99_ms)
                            VALUES (:resultId, :repeat, :ttft, :prefill, :decode, :itlP50, :itlP99)""")
                    .param("resultId", resultId).param("repeat", i + 1).param("ttft", r.timeToFirstTokenMs())
                    .param("prefill", r.prefillTokensPerSecond()).param("decode", r.decodeTokensPerSecond())
                    .param("itlP50", r.interTokenLatencyP50Ms()).param("itlP99", r.interTokenLatencyP99Ms())
                    .update();
        }
        jdbc.sql("""
                        INSERT INTO measured_series (architecture, context_length) VALUES (:architecture, :context)
                        ON CONFLICT DO NOTHING""")
                .param("architecture", m.architecture()).param("context", m.contextLength())
                .update();
    }
}
