-- One measured result per task: the medians over its repeats, where and how it ran, and the registry's
-- theoretical figures for the same spec and context beside the measured ones.
CREATE TABLE benchmark_result (
    id                            bigserial PRIMARY KEY,
    -- Unique: a task delivered twice still yields one result.
    task_id                       uuid NOT NULL UNIQUE,
    job_id                        uuid NOT NULL,
    architecture                  text NOT NULL,
    revision                      integer,
    context_length                integer NOT NULL,
    weights                       text NOT NULL,
    dtype                         text NOT NULL,
    backend                       text NOT NULL,
    device                        text,
    cpu                           text,
    cores                         integer,
    jvm                           text,
    os                            text,
    commit_id                     text,
    prompt_tokens                 integer NOT NULL,
    generate_tokens               integer NOT NULL,
    batch                         integer NOT NULL,
    repeats                       integer NOT NULL,
    prefill_tps                   double precision NOT NULL,
    decode_tps                    double precision NOT NULL,
    ttft_ms                       double precision NOT NULL,
    itl_p50_ms                    double precision NOT NULL,
    itl_p99_ms                    double precision NOT NULL,
    kv_cache_bytes                bigint NOT NULL,
    weight_bytes                  bigint,
    peak_resident_bytes           bigint,
    -- (max − min) / median of prefill and decode speed across repeats, the larger of the two.
    spread                        double precision NOT NULL,
    trusted                       boolean NOT NULL,
    theoretical_parameters        bigint,
    theoretical_active_parameters bigint,
    theoretical_kv_bytes          bigint,
    theoretical_weight_bytes      bigint,
    measured_at                   timestamptz NOT NULL DEFAULT now()
);

-- Every repeat as measured, so a median can always be traced back to its runs.
CREATE TABLE measured_repeat (
    result_id   bigint NOT NULL REFERENCES benchmark_result (id) ON DELETE CASCADE,
    repeat      integer NOT NULL,
    ttft_ms     double precision NOT NULL,
    prefill_tps double precision NOT NULL,
    decode_tps  double precision NOT NULL,
    itl_p50_ms  double precision NOT NULL,
    itl_p99_ms  double precision NOT NULL,
    PRIMARY KEY (result_id, repeat)
);
