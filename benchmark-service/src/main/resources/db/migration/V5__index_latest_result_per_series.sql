-- Each architecture measured at a context length is a series. The dashboard walks this short list and
-- takes each series' latest result through the index below, instead of grouping the whole results table.
CREATE TABLE measured_series (
    architecture   text NOT NULL,
    context_length integer NOT NULL,
    PRIMARY KEY (architecture, context_length)
);

CREATE INDEX benchmark_result_latest_per_series ON benchmark_result (architecture, context_length, measured_at DESC);
