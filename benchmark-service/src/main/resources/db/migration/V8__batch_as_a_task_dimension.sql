-- A job measures each architecture × context length × batch size as a task of its own. Tasks stored before batch
-- sizes existed decoded one sequence.
ALTER TABLE benchmark_task ADD COLUMN batch integer NOT NULL DEFAULT 1;

-- The dashboard's throughput over batch size takes the newest result of each architecture, context and batch size.
CREATE INDEX benchmark_result_latest_per_batch ON benchmark_result (architecture, context_length, batch, measured_at DESC);
