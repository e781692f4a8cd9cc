-- An architecture is a name; its specs are immutable numbered revisions. The summary columns
-- (family, attention kind, MoE) mirror the latest revision so lists can filter without parsing JSON.
CREATE TABLE architecture (
    name            text        PRIMARY KEY,
    family          text        NOT NULL,
    attention_kind  text        NOT NULL,
    moe             boolean     NOT NULL,
    source          text        NOT NULL CHECK (source IN ('catalog', 'user', 'variant', 'import')),
    derived_from    text,
    latest_revision integer     NOT NULL CHECK (latest_revision > 0),
    archived_at     timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX architecture_family ON architecture (family);

CREATE TABLE architecture_revision (
    name       text        NOT NULL REFERENCES architecture (name),
    revision   integer     NOT NULL CHECK (revision > 0),
    spec       jsonb       NOT NULL,
    -- For variants: the parent and the JSON merge patch that made this revision from it.
    derived_from_revision integer,
    overrides  jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (name, revision)
);
