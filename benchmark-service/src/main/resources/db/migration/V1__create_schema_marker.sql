-- The benchmark schema starts empty; jobs, tasks, the outbox and results arrive in later migrations.
CREATE TABLE schema_note (
    id   integer PRIMARY KEY,
    note text NOT NULL
);
INSERT INTO schema_note (id, note) VALUES (1, 'benchmark-service schema');
