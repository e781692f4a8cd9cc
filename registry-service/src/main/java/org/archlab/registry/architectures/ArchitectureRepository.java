package org.archlab.registry.architectures;

import org.archlab.architecture.json.SpecJson;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.AttentionKind;
import org.archlab.architecture.spec.Scaling;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Architectures and their revisions in PostgreSQL. */
@Repository
class ArchitectureRepository {

    private static final String SELECT = """
            SELECT a.name, r.revision, a.latest_revision, a.source, a.derived_from, a.archived_at IS NOT NULL AS archived,
                   r.created_at, r.spec::text AS spec, r.scaling::text AS scaling
            FROM architecture a JOIN architecture_revision r ON r.name = a.name
            """;

    private final JdbcClient jdbc;

    ArchitectureRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a new name with revision 1; false if the name is taken. */
    boolean insert(String name, ArchitectureSpec spec, String source, String derivedFrom, Integer parentRevision, String overrides) {
        return insert(name, spec, source, derivedFrom, parentRevision, overrides, null);
    }

    /** Inserts a new name with revision 1, recording how it was scaled from its parent; false if the name is taken. */
    boolean insert(String name, ArchitectureSpec spec, String source, String derivedFrom, Integer parentRevision, String overrides,
                   Scaling scaling) {
        int inserted = jdbc.sql("""
                        INSERT INTO architecture (name, family, attention_kind, moe, source, derived_from, latest_revision)
                        VALUES (:name, :family, :kind, :moe, :source, :derivedFrom, 1)
                        ON CONFLICT (name) DO NOTHING""")
                .param("name", name).param("family", spec.family()).param("kind", AttentionKind.of(spec).name())
                .param("moe", spec.hasMoe()).param("source", source).param("derivedFrom", derivedFrom)
                .update();
        if (inserted == 0) {
            return false;
        }
        insertRevision(name, 1, spec, parentRevision, overrides, scaling);
        return true;
    }

    /** Adds the next revision if the latest is still {@code expectedLatest}; false if someone else got there first. */
    boolean revise(String name, int expectedLatest, ArchitectureSpec spec) {
        int updated = jdbc.sql("""
                        UPDATE architecture SET latest_revision = latest_revision + 1, family = :family,
                               attention_kind = :kind, moe = :moe, updated_at = now()
                        WHERE name = :name AND latest_revision = :expected AND archived_at IS NULL""")
                .param("name", name).param("expected", expectedLatest).param("family", spec.family())
                .param("kind", AttentionKind.of(spec).name()).param("moe", spec.hasMoe())
                .update();
        if (updated == 0) {
            return false;
        }
        insertRevision(name, expectedLatest + 1, spec, null, null, null);
        return true;
    }

    /**
     * Adds the next revision of a scaled variant, derived again from its parent's newer revision; false if someone else
     * added one first.
     */
    boolean reviseScaled(String name, int expectedLatest, ArchitectureSpec spec, String derivedFrom, int parentRevision,
                         String overrides, Scaling scaling) {
        int updated = jdbc.sql("""
                        UPDATE architecture SET latest_revision = latest_revision + 1, derived_from = :derivedFrom,
                               moe = :moe, updated_at = now()
                        WHERE name = :name AND latest_revision = :expected AND archived_at IS NULL""")
                .param("name", name).param("expected", expectedLatest).param("derivedFrom", derivedFrom)
                .param("moe", spec.hasMoe()).update();
        if (updated == 0) {
            return false;
        }
        insertRevision(name, expectedLatest + 1, spec, parentRevision, overrides, scaling);
        return true;
    }

    boolean archive(String name) {
        return jdbc.sql("UPDATE architecture SET archived_at = now() WHERE name = :name AND archived_at IS NULL")
                .param("name", name).update() == 1;
    }

    Optional<Architecture> find(String name, Integer revision) {
        return jdbc.sql(SELECT + " WHERE a.name = :name AND r.revision = COALESCE(:revision, a.latest_revision)")
                .param("name", name).param("revision", revision)
                .query(this::map).optional();
    }

    boolean exists(String name) {
        return jdbc.sql("SELECT count(*) FROM architecture WHERE name = :name").param("name", name)
                .query(Long.class).single() > 0;
    }

    List<Architecture> revisions(String name) {
        return jdbc.sql(SELECT + " WHERE a.name = :name ORDER BY r.revision").param("name", name).query(this::map).list();
    }

    /** Latest revisions in name order after {@code after}, filtered; archived ones only when asked. */
    List<Architecture> list(ArchitectureFilter filter, String after, int limit) {
        return jdbc.sql(SELECT + """
                         WHERE r.revision = a.latest_revision
                           AND (:after::text IS NULL OR a.name > :after)
                           AND (:family::text IS NULL OR a.family = :family)
                           AND (:kind::text IS NULL OR a.attention_kind = :kind)
                           AND (:moe::boolean IS NULL OR a.moe = :moe)
                           AND (:archived OR a.archived_at IS NULL)
                         ORDER BY a.name LIMIT :limit""")
                .param("after", after).param("family", filter.family())
                .param("kind", filter.attention() == null ? null : filter.attention().name())
                .param("moe", filter.moe()).param("archived", filter.includeArchived()).param("limit", limit)
                .query(this::map).list();
    }

    private void insertRevision(String name, int revision, ArchitectureSpec spec, Integer parentRevision, String overrides,
                                Scaling scaling) {
        jdbc.sql("""
                        INSERT INTO architecture_revision (name, revision, spec, derived_from_revision, overrides, scaling)
                        VALUES (:name, :revision, :spec::jsonb, :parentRevision, :overrides::jsonb, :scaling::jsonb)""")
                .param("name", name).param("revision", revision).param("spec", SpecJson.write(spec))
                .param("parentRevision", parentRevision).param("overrides", overrides)
                .param("scaling", scaling == null ? null : SpecJson.mapper().writeValueAsString(scaling))
                .update();
    }

    private Architecture map(ResultSet rs, int row) throws SQLException {
        return new Architecture(rs.getString("name"), rs.getInt("revision"), rs.getInt("latest_revision"),
                rs.getString("source"), rs.getString("derived_from"), rs.getBoolean("archived"),
                rs.getTimestamp("created_at").toInstant(), SpecJson.read(rs.getString("spec")),
                rs.getString("scaling") == null ? null : SpecJson.mapper().readValue(rs.getString("scaling"), Scaling.class));
    }
}
