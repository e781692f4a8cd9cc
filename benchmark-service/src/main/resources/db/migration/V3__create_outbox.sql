-- Kafka messages written in the same transaction as the state they announce; the relay publishes and
-- then deletes them, so a message exists exactly when its job or result does, broker up or not.
CREATE TABLE outbox_message (
    id          bigserial PRIMARY KEY,
    topic       text NOT NULL,
    message_key text NOT NULL,
    payload     text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
