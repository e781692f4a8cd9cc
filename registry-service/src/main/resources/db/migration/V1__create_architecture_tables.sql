-- An architecture is a name; its specs are immutable numbered revisions.
CREATE TABLE architecture (
    name            text        PRIMARY KEY,
    family          text        NOT NULL,
    derived_from    text,
    latest_revision integer     NOT NULL,
    archived_at     timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE architecture_revision (
    name       text        NOT NULL REFERENCES architecture (name),
    revision   integer     NOT NULL CHECK (revision > 0),
    spec       jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (name, revision)
);
