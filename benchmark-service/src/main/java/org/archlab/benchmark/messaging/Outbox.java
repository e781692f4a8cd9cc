package org.archlab.benchmark.messaging;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * Kafka messages stored in the caller's transaction, so a message is kept exactly when the state it
 * announces is committed; {@link OutboxRelay} publishes them.
 */
@Repository
public class Outbox {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Outbox(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Queues a message; call inside the transaction that writes what it announces. */
    public void add(String topic, String key, Object value) {
        jdbc.sql("INSERT INTO outbox_message (topic, message_key, payload) VALUES (:topic, :key, :payload)")
                .param("topic", topic).param("key", key).param("payload", json.writeValueAsString(value))
                .update();
    }

    /** The oldest unsent messages, locked so that relays in other instances skip them. */
    List<OutboxMessage> lockOldest(int limit) {
        return jdbc.sql("""
                        SELECT id, topic, message_key, payload FROM outbox_message
                        ORDER BY id LIMIT :limit
                        FOR UPDATE SKIP LOCKED""")
                .param("limit", limit)
                .query((rs, row) -> new OutboxMessage(rs.getLong("id"), rs.getString("topic"),
                        rs.getString("message_key"), rs.getString("payload")))
                .list();
    }

    void remove(List<Long> ids) {
        if (!ids.isEmpty()) {
            jdbc.sql("DELETE FROM outbox_message WHERE id IN (:ids)").param("ids", ids).update();
        }
    }

    record OutboxMessage(long id, String topic, String key, String payload) {
    }
}
