-- A job is what one POST asked for; each architecture × context length in it is a task, measured on its own.
CREATE TABLE benchmark_job (
    id         uuid PRIMARY KEY,
    label      text,
    request    jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Newest first, with the id as the tie-breaker the list cursor carries.
CREATE INDEX benchmark_job_newest_first ON benchmark_job (created_at DESC, id DESC);

CREATE TABLE benchmark_task (
    id             uuid PRIMARY KEY,
    job_id         uuid NOT NULL REFERENCES benchmark_job (id),
    position       integer NOT NULL,
    architecture   text NOT NULL,
    context_length integer NOT NULL,
    status         text NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    attempts       integer NOT NULL DEFAULT 0,
    error          text,
    run_id         text,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (job_id, position)
);

CREATE INDEX benchmark_task_by_architecture ON benchmark_task (architecture);
