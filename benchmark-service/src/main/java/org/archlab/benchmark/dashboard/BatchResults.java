package org.archlab.benchmark.dashboard;

import org.archlab.architecture.spec.Scaling;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The dashboard's reads over batch size: the newest result of each architecture at one context length for each batch
 * size it was measured at. Like {@link DashboardQueries} they walk the measured series (an architecture at a context),
 * here only those at the one context, and read each series' results in one KV cache format through the index on
 * (architecture, context_length, kv_dtype, batch, measured_at DESC).
 */
@Repository
class BatchResults {

    /** One batch size of one architecture at a context, as its newest result measured it. */
    record Row(String architecture, String originalArchitecture, Scaling scaling, int batch, String dtype, String kvDtype,
               String backend, double decodeTokensPerSecond, double interTokenLatencyP50Ms, double interTokenLatencyP99Ms, long kvCacheBytes,
               Long theoreticalKvBytes, boolean trusted) {
    }

    private static final String NEWEST_PER_BATCH = """
            SELECT r.* FROM measured_series s
            CROSS JOIN LATERAL (
                SELECT DISTINCT ON (batch) architecture, original_architecture, scaled_layers, total_layers, scaled_experts,
                       total_experts, batch, dtype, kv_dtype, backend, decode_tps, itl_p50_ms, itl_p99_ms, kv_cache_bytes,
                       theoretical_kv_bytes, trusted
                FROM benchmark_result r
                WHERE r.architecture = s.architecture AND r.context_length = s.context_length
                  AND r.kv_dtype = :kvDtype
                  AND (:dtype::text IS NULL OR r.dtype = :dtype)
                  AND (:backend::text IS NULL OR r.backend = :backend)
                  AND (NOT :trustedOnly OR r.trusted)
                ORDER BY batch, measured_at DESC) r
            WHERE s.context_length = :context
            """;

    private final JdbcClient jdbc;

    BatchResults(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every architecture measured at the context, or only the named ones (null: all), by architecture and batch size. */
    List<Row> at(int context, List<String> architectures, DashboardQueries.ResultFilter filter) {
        String sql = NEWEST_PER_BATCH + (architectures == null ? "" : " AND s.architecture IN (:architectures)")
                + " ORDER BY r.architecture, r.batch";
        var statement = jdbc.sql(sql).param("context", context).param("dtype", filter.dtype()).param("backend", filter.backend())
                .param("kvDtype", filter.kvDtype()).param("trustedOnly", filter.trustedOnly());
        if (architectures != null) {
            statement = statement.param("architectures", architectures);
        }
        return statement.query(BatchResults::row).list();
    }

    /**
     * The context lengths at which some architecture was measured decoding more than one sequence with KV caches in this
     * format, shortest first.
     */
    List<Integer> batchedContexts(String kvDtype) {
        return jdbc.sql("""
                        SELECT DISTINCT s.context_length FROM measured_series s
                        WHERE EXISTS (SELECT 1 FROM benchmark_result r
                                      WHERE r.architecture = s.architecture AND r.context_length = s.context_length
                                        AND r.kv_dtype = :kvDtype AND r.batch > 1)
                        ORDER BY s.context_length""")
                .param("kvDtype", kvDtype).query(Integer.class).list();
    }

    private static Row row(ResultSet rs, int row) throws SQLException {
        Integer layers = rs.getObject("scaled_layers", Integer.class);
        Scaling scaling = layers == null ? null : new Scaling(layers, rs.getInt("total_layers"),
                rs.getObject("scaled_experts", Integer.class), rs.getObject("total_experts", Integer.class));
        return new Row(rs.getString("architecture"), rs.getString("original_architecture"), scaling, rs.getInt("batch"),
                rs.getString("dtype"), rs.getString("kv_dtype"), rs.getString("backend"), rs.getDouble("decode_tps"),
                rs.getDouble("itl_p50_ms"),
                rs.getDouble("itl_p99_ms"), rs.getLong("kv_cache_bytes"), rs.getObject("theoretical_kv_bytes", Long.class),
                rs.getBoolean("trusted"));
    }
}
