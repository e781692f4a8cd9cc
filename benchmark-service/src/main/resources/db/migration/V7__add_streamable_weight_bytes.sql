-- Of a run's loaded weights, the bytes a runtime could stream instead of keeping resident (Gemma 3n's
-- per-layer token table). Null for results stored before runs reported it, and from a service that does not.
ALTER TABLE benchmark_result ADD COLUMN streamable_weight_bytes bigint;
