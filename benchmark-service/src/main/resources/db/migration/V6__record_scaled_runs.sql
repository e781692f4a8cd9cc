-- A job may run scaled variants of its architectures (scale: fit or explicit). Each result then names what was asked
-- for (original_architecture) beside what ran (architecture: the variant), what the variant kept (layers and routed
-- experts, kept of total), and the full-size original's theory with the estimate of its decode speed made from the
-- variant's measurement (FullSizeEstimate) — an estimate, kept apart from every measured column.
ALTER TABLE benchmark_result
    ADD COLUMN original_architecture  text,
    ADD COLUMN scaled_layers          integer,
    ADD COLUMN total_layers           integer,
    ADD COLUMN scaled_experts         integer,
    ADD COLUMN total_experts          integer,
    ADD COLUMN full_parameters        bigint,
    ADD COLUMN full_active_parameters bigint,
    ADD COLUMN full_kv_bytes          bigint,
    ADD COLUMN full_weight_bytes      bigint,
    ADD COLUMN estimated_full_decode_tps double precision;

UPDATE benchmark_result SET original_architecture = architecture;
ALTER TABLE benchmark_result ALTER COLUMN original_architecture SET NOT NULL;
