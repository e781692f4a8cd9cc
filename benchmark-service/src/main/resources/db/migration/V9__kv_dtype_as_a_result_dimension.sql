-- A result names the format its run kept the KV caches in (F32, F16 or BF16, docs/engine.md "KV cache format"): a
-- half-width cache takes half the bytes and decodes at another speed, so results of one architecture at one context in
-- two formats are two different measurements. Every result stored before runs could choose a format kept F32, the
-- engine's default.
ALTER TABLE benchmark_result ADD COLUMN kv_dtype text NOT NULL DEFAULT 'F32';

-- A series stays an architecture at a context (measured_series). The dashboard picks one KV format within a series, as
-- it picks a weight dtype or a backend, but always names one (F32 unless asked otherwise), so that it never sets an F16
-- measurement beside an F32 one. Its reads take the newest result of a series in that format at batch 1 (the
-- leaderboard, comparison, curves and memory) or at each batch size (the curves over batch size) straight from this
-- index, which therefore replaces the two that had no KV format in them.
CREATE INDEX benchmark_result_newest_per_kv_dtype_and_batch
    ON benchmark_result (architecture, context_length, kv_dtype, batch, measured_at DESC);
DROP INDEX benchmark_result_latest_per_series;
DROP INDEX benchmark_result_latest_per_batch;
