package org.archlab.benchmark.dashboard;

import org.archlab.architecture.analysis.FullSizeEstimate;
import org.archlab.architecture.spec.Dtype;
import org.archlab.architecture.spec.Scaling;
import org.archlab.benchmark.jobs.KvDtypes;
import org.archlab.problems.ApiProblem;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * The dashboard's reads. Each walks the short list of measured series and takes every series' newest
 * matching result through the index on (architecture, context_length, kv_dtype, batch, measured_at DESC), so the cost
 * grows with the number of series, not with the number of results. A series is single-sequence decoding: results
 * of runs that decoded a batch of sequences together (batch &gt; 1) measure something else and stay out of it;
 * {@link BatchResults} reads those, for the curves over batch size. The KV cache format is chosen within a series, like
 * the dtype and backend, but always one ({@link ResultFilter}).
 */
@Repository
class DashboardQueries {

    /**
     * Which results count: a dtype, a backend (null: any), KV caches in one format (never mixed: an F16 cache is half an F32
     * one and decodes at another speed), trusted ones only.
     */
    record ResultFilter(String dtype, String backend, String kvDtype, boolean trustedOnly) {

        /**
         * The filter a query's parameters ask for; a dtype in any case ({@code q8_0} as llama.cpp writes it), and
         * one that no result can have is refused rather than answered with an empty list. The KV format is any case
         * of F32, F16 or BF16; none given is F32, the format of every result from before runs could choose one.
         */
        static ResultFilter of(String dtype, String backend, String kvDtype, boolean trustedOnly) {
            String stored = dtype == null ? null : Dtype.named(dtype).map(Dtype::name)
                    .orElseThrow(() -> ApiProblem.field("dtype", "must be one of " + Arrays.toString(Dtype.values()) + ", was '" + dtype + "'"));
            String kv = kvDtype == null ? KvDtypes.DEFAULT
                    : KvDtypes.named(kvDtype).orElseThrow(() -> ApiProblem.field("kvDtype", KvDtypes.mustBeOneOf(kvDtype)));
            return new ResultFilter(stored, backend, kv, trustedOnly);
        }
    }

    private static final String LATEST_PER_SERIES = """
            SELECT r.* FROM measured_series s
            CROSS JOIN LATERAL (
                SELECT id, architecture, context_length, weights, dtype, kv_dtype, backend, device, prefill_tps, decode_tps, ttft_ms,
                       itl_p50_ms, itl_p99_ms, kv_cache_bytes, weight_bytes, streamable_weight_bytes, peak_resident_bytes, repeats, spread, trusted,
                       theoretical_parameters, theoretical_active_parameters, theoretical_kv_bytes, theoretical_weight_bytes,
                       measured_at, original_architecture, scaled_layers, total_layers, scaled_experts, total_experts,
                       full_parameters, full_active_parameters, full_kv_bytes, full_weight_bytes, estimated_full_decode_tps
                FROM benchmark_result r
                WHERE r.architecture = s.architecture AND r.context_length = s.context_length
                  AND r.kv_dtype = :kvDtype AND r.batch = 1
                  AND (:dtype::text IS NULL OR r.dtype = :dtype)
                  AND (:backend::text IS NULL OR r.backend = :backend)
                  AND (NOT :trustedOnly OR r.trusted)
                ORDER BY r.measured_at DESC
                LIMIT 1) r
            """;

    private final JdbcClient jdbc;

    DashboardQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The newest result of each architecture at one context length, best first by the metric. */
    List<LatestResult> leaderboard(Metric metric, int context, ResultFilter filter, int limit) {
        return filtered(LATEST_PER_SERIES + " WHERE s.context_length = :context ORDER BY " + metric.bestFirst() + " LIMIT :limit",
                filter).param("context", context).param("limit", limit).query(this::row).list();
    }

    /** The newest result of each named architecture at each context length it was measured at. */
    List<LatestResult> series(List<String> architectures, ResultFilter filter) {
        return filtered(LATEST_PER_SERIES + " WHERE s.architecture IN (:architectures) ORDER BY s.architecture, s.context_length",
                filter).param("architectures", architectures).query(this::row).list();
    }

    /** Like {@link #series} for every architecture measured, optionally at one context length. */
    List<LatestResult> allSeries(Integer context, ResultFilter filter) {
        return filtered(LATEST_PER_SERIES + " WHERE (:context::integer IS NULL OR s.context_length = :context)"
                + " ORDER BY s.architecture, s.context_length", filter).param("context", context).query(this::row).list();
    }

    private JdbcClient.StatementSpec filtered(String sql, ResultFilter filter) {
        return jdbc.sql(sql).param("dtype", filter.dtype()).param("backend", filter.backend()).param("kvDtype", filter.kvDtype())
                .param("trustedOnly", filter.trustedOnly());
    }

    private LatestResult row(ResultSet rs, int row) throws SQLException {
        return new LatestResult(rs.getLong("id"), rs.getString("architecture"), rs.getInt("context_length"),
                rs.getString("weights"), rs.getString("dtype"), rs.getString("kv_dtype"), rs.getString("backend"),
                rs.getString("device"),
                rs.getDouble("prefill_tps"), rs.getDouble("decode_tps"), rs.getDouble("ttft_ms"), rs.getDouble("itl_p50_ms"),
                rs.getDouble("itl_p99_ms"), rs.getLong("kv_cache_bytes"), rs.getObject("weight_bytes", Long.class),
                rs.getObject("streamable_weight_bytes", Long.class), rs.getObject("peak_resident_bytes", Long.class), rs.getInt("repeats"), rs.getDouble("spread"),
                rs.getBoolean("trusted"), rs.getObject("theoretical_parameters", Long.class),
                rs.getObject("theoretical_active_parameters", Long.class), rs.getObject("theoretical_kv_bytes", Long.class),
                rs.getObject("theoretical_weight_bytes", Long.class), rs.getTimestamp("measured_at").toInstant(),
                rs.getString("original_architecture"), scaling(rs), estimate(rs));
    }

    private static Scaling scaling(ResultSet rs) throws SQLException {
        Integer layers = rs.getObject("scaled_layers", Integer.class);
        return layers == null ? null : new Scaling(layers, rs.getInt("total_layers"), rs.getObject("scaled_experts", Integer.class),
                rs.getObject("total_experts", Integer.class));
    }

    private static LatestResult.Estimate estimate(ResultSet rs) throws SQLException {
        Double decode = rs.getObject("estimated_full_decode_tps", Double.class);
        return decode == null ? null : new LatestResult.Estimate(decode, rs.getObject("full_weight_bytes", Long.class),
                rs.getObject("full_kv_bytes", Long.class), rs.getObject("full_parameters", Long.class),
                rs.getObject("full_active_parameters", Long.class), FullSizeEstimate.METHOD);
    }
}
