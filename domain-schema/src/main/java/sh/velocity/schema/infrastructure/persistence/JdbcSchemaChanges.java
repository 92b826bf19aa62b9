package sh.velocity.schema.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import sh.velocity.kernel.db.Database;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.schema.api.SchemaChangeView;
import sh.velocity.schema.domain.approval.ChangeRequest;
import sh.velocity.schema.domain.approval.ChangeStatus;

/**
 * {@code platform.schema_changes}. Every statement runs on the principal-bound connection: the
 * table's trigger records each step only under the transaction's own principal. Steps are
 * state-conditioned UPDATEs on a row locked first, so of two concurrent reviewers or appliers
 * exactly one succeeds.
 */
@ApplicationScoped
public class JdbcSchemaChanges {

    private static final String COLUMNS = "c.id::text, c.seq, c.schema_path, c.status, c.changes::text, c.breaking, "
            + "c.base_generation, c.submitted_by, c.submitted_at, c.reviewed_by, c.reviewed_at, c.review_reason, "
            + "c.applied_by, c.applied_at, c.applied_generation, "
            + "(c.status IN ('pending', 'approved') AND d.generation IS DISTINCT FROM c.base_generation) AS stale";
    private static final String FROM = " FROM platform.schema_changes c "
            + "LEFT JOIN platform.schema_definitions d ON d.schema_path = c.schema_path";

    @Inject
    Database database;

    /** Records a pending change; returns its id. */
    public String insert(String schemaPath, String manifest, String specHash, Integer baseGeneration,
                         List<String> changes, boolean breaking, String author) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO platform.schema_changes (schema_path, manifest, "
                     + "spec_hash, base_generation, changes, breaking, submitted_by) "
                     + "VALUES (?, ?, ?, ?, ?::jsonb, ?, ?) RETURNING id::text")) {
            ps.setString(1, schemaPath);
            ps.setString(2, manifest);
            ps.setString(3, specHash);
            if (baseGeneration == null) {
                ps.setNull(4, Types.INTEGER);
            } else {
                ps.setInt(4, baseGeneration);
            }
            ps.setString(5, Jsonp.createArrayBuilder(changes).build().toString());
            ps.setBoolean(6, breaking);
            ps.setString(7, author);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** The change's chain state, its row locked until the transaction ends. */
    public Optional<Locked> lock(String id) throws SQLException {
        Optional<UUID> uuid = uuid(id);
        if (uuid.isEmpty()) {
            return Optional.empty();
        }
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("SELECT id::text, schema_path, status, submitted_by, reviewed_by, "
                     + "applied_by, manifest, base_generation FROM platform.schema_changes WHERE id = ? FOR UPDATE")) {
            ps.setObject(1, uuid.get());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                ChangeRequest request = new ChangeRequest(rs.getString(1), rs.getString(2),
                        ChangeStatus.fromWire(rs.getString(3)).orElseThrow(), rs.getString(4), rs.getString(5),
                        rs.getString(6));
                return Optional.of(new Locked(request, rs.getString(7), (Integer) rs.getObject(8)));
            }
        }
    }

    /** Records a review; false when the change was no longer pending. */
    public boolean recordReview(ChangeRequest reviewed, String reason) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("UPDATE platform.schema_changes SET status = ?, reviewed_by = ?, "
                     + "reviewed_at = now(), review_reason = ? WHERE id = ?::uuid AND status = 'pending'")) {
            ps.setString(1, reviewed.status().wireName());
            ps.setString(2, reviewed.reviewer());
            ps.setString(3, reason);
            ps.setString(4, reviewed.id());
            return ps.executeUpdate() == 1;
        }
    }

    /** Records the apply; false when the change was no longer approved. */
    public boolean recordApply(ChangeRequest applied, int generation) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("UPDATE platform.schema_changes SET status = 'applied', "
                     + "applied_by = ?, applied_at = now(), applied_generation = ? "
                     + "WHERE id = ?::uuid AND status = 'approved'")) {
            ps.setString(1, applied.applier());
            ps.setInt(2, generation);
            ps.setString(3, applied.id());
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * One change with its manifest; when {@code readableOnly}, only if the current principal holds
     * {@code schema.read} on its path.
     */
    public Optional<SchemaChangeView> find(String id, boolean readableOnly) throws SQLException {
        Optional<UUID> uuid = uuid(id);
        if (uuid.isEmpty()) {
            return Optional.empty();
        }
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", c.manifest" + FROM + " WHERE c.id = ?"
                     + (readableOnly ? " AND platform.has_permission(c.schema_path, 'schema.read')" : ""))) {
            ps.setObject(1, uuid.get());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(view(rs, rs.getString("manifest"))) : Optional.empty();
            }
        }
    }

    /** Changes on paths the current principal may read, newest first. */
    public List<SchemaChangeView> readable(ChangeStatus status, Long beforeSeq, int limit) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + FROM
                     + " WHERE (?::text IS NULL OR c.status = ?) AND (?::bigint IS NULL OR c.seq < ?)"
                     + " AND platform.has_permission(c.schema_path, 'schema.read') ORDER BY c.seq DESC LIMIT ?")) {
            String wire = status == null ? null : status.wireName();
            ps.setString(1, wire);
            ps.setString(2, wire);
            ps.setObject(3, beforeSeq, Types.BIGINT);
            ps.setObject(4, beforeSeq, Types.BIGINT);
            ps.setInt(5, limit);
            List<SchemaChangeView> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(view(rs, null));
                }
            }
            return out;
        }
    }

    private static SchemaChangeView view(ResultSet rs, String manifest) throws SQLException {
        Integer base = (Integer) rs.getObject("base_generation");
        Integer applied = (Integer) rs.getObject("applied_generation");
        return new SchemaChangeView(rs.getString(1), rs.getLong("seq"), rs.getString("schema_path"),
                rs.getString("status"), manifest, strings(rs.getString("changes")), rs.getBoolean("breaking"), base,
                rs.getBoolean("stale"), rs.getString("submitted_by"), rs.getObject("submitted_at", OffsetDateTime.class),
                rs.getString("reviewed_by"), rs.getObject("reviewed_at", OffsetDateTime.class),
                rs.getString("review_reason"), rs.getString("applied_by"),
                rs.getObject("applied_at", OffsetDateTime.class), applied);
    }

    private static List<String> strings(String json) {
        try (JsonReader reader = Jsonp.createReader(new StringReader(json))) {
            JsonArray array = reader.readArray();
            return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        }
    }

    private static Optional<UUID> uuid(String id) {
        try {
            return id == null ? Optional.empty() : Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A change's chain state with what apply needs, read under a row lock. */
    public record Locked(ChangeRequest request, String manifest, Integer baseGeneration) {
    }

    /** The protection setting the last server recorded, its row locked; empty when none was. */
    public Optional<String> lockProtection() throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT namespaces FROM platform.approval_protection WHERE singleton FOR UPDATE");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    /** Records the setting in force; {@code exists} says whether to update the row or insert it. */
    public void recordProtection(String namespaces, String actor, boolean exists) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement(exists
                     ? "UPDATE platform.approval_protection SET namespaces = ?, recorded_by = ?, recorded_at = now() "
                             + "WHERE singleton"
                     : "INSERT INTO platform.approval_protection (namespaces, recorded_by) VALUES (?, ?) "
                             + "ON CONFLICT (singleton) DO UPDATE SET namespaces = excluded.namespaces, "
                             + "recorded_by = excluded.recorded_by, recorded_at = now()")) {
            ps.setString(1, namespaces);
            ps.setString(2, actor);
            ps.executeUpdate();
        }
    }
}
