package org.archlab.registry;

import org.archlab.testsupport.RealPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
@RealPostgres(database = "registry")
class RegistryDatabaseIT {

    @Autowired
    Flyway flyway;

    @Autowired
    JdbcClient jdbc;

    @Test
    void flyway_has_applied_every_migration_on_a_real_postgresql() {
        assertThat(flyway.info().pending()).isEmpty();
        assertThat(flyway.info().applied()).isNotEmpty();
        assertThat(jdbc.sql("SELECT version()").query(String.class).single()).startsWith("PostgreSQL");
    }

    @Test
    void a_revision_written_as_jsonb_reads_back_equal() {
        jdbc.sql("INSERT INTO architecture (name, family, attention_kind, moe, source, latest_revision) VALUES ('round-trip', 'llama', 'GQA', false, 'user', 1)").update();
        jdbc.sql("INSERT INTO architecture_revision (name, revision, spec) VALUES ('round-trip', 1, :spec::jsonb)")
                .param("spec", "{\"hidden_size\": 2048}")
                .update();

        Integer hidden = jdbc.sql("SELECT (spec ->> 'hidden_size')::int FROM architecture_revision WHERE name = 'round-trip'")
                .query(Integer.class).single();

        assertThat(hidden).isEqualTo(2048);
    }
}
