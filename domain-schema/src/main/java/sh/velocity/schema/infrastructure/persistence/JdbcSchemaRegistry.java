package sh.velocity.schema.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import sh.velocity.kernel.SchemaPath;
import sh.velocity.kernel.db.Database;
import sh.velocity.schema.api.SchemaRevision;
import sh.velocity.schema.api.SchemaSummary;

/** {@code platform.schema_definitions} (current manifest per path) and {@code schema_history}. */
@ApplicationScoped
public class JdbcSchemaRegistry {

    private static final String SUMMARY = "schema_path, generation, created_at, created_by, updated_at, updated_by";

    @Inject
    Database database;

    /** The stored manifest (canonical JSON), locked for update when {@code lock}. */
    public Optional<Stored> find(SchemaPath path, boolean lock) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT generation, spec_hash, manifest::text FROM "
                     + "platform.schema_definitions WHERE schema_path = ?" + (lock ? " FOR UPDATE" : ""))) {
            ps.setString(1, path.toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Stored(rs.getInt(1), rs.getString(2), rs.getString(3)))
                        : Optional.empty();
            }
        }
    }

    /** The current manifests (canonical JSON) of a namespace's schemas, by path. */
    public List<String> manifestsIn(String namespace) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT manifest::text FROM platform.schema_definitions "
                     + "WHERE namespace = ? ORDER BY schema_path")) {
            ps.setString(1, namespace);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    /** Paths whose current manifest marks a field as the subject identifier. */
    public List<SchemaPath> pathsInNamespace(String namespace) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT schema_path FROM platform.schema_definitions "
                     + "WHERE namespace = ? ORDER BY schema_path")) {
            ps.setString(1, namespace);
            List<SchemaPath> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(SchemaPath.parse(rs.getString(1)));
                }
            }
            return out;
        }
    }

    public List<SchemaPath> pathsWithSubjectIdentifier() throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT schema_path FROM platform.schema_definitions "
                     + "WHERE manifest -> 'spec' -> 'fields' @> '[{\"subjectIdentifier\": true}]' ORDER BY schema_path")) {
            List<SchemaPath> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(SchemaPath.parse(rs.getString(1)));
                }
            }
            return out;
        }
    }

    /** Paths whose manifest asks for search tier 3 and lists search fields. */
    public List<SchemaPath> pathsSearchedByEngine() throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT schema_path FROM platform.schema_definitions "
                     + "WHERE manifest #>> '{spec,search,tier}' = '3' "
                     + "AND jsonb_array_length(coalesce(manifest #> '{spec,search,fields}', '[]'::jsonb)) > 0 "
                     + "ORDER BY schema_path")) {
            List<SchemaPath> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(SchemaPath.parse(rs.getString(1)));
                }
            }
            return out;
        }
    }

    public OptionalInt generation(SchemaPath path) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT generation FROM platform.schema_definitions WHERE schema_path = ?")) {
            ps.setString(1, path.toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
            }
        }
    }

    public void insert(SchemaPath path, String manifestJson, String specHash, String actor) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO platform.schema_definitions (schema_path, "
                     + "namespace, domain, subdomain, name, version, manifest, spec_hash, generation, created_by, "
                     + "updated_by) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, 1, ?, ?)")) {
            ps.setString(1, path.toString());
            ps.setString(2, path.namespace());
            ps.setString(3, path.domain());
            ps.setString(4, path.subdomain());
            ps.setString(5, path.name());
            ps.setString(6, path.version());
            ps.setString(7, manifestJson);
            ps.setString(8, specHash);
            ps.setString(9, actor);
            ps.setString(10, actor);
            ps.executeUpdate();
        }
    }

    public void update(SchemaPath path, String manifestJson, String specHash, int generation, String actor)
            throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE platform.schema_definitions SET manifest = ?::jsonb, "
                     + "spec_hash = ?, generation = ?, updated_at = now(), updated_by = ? WHERE schema_path = ?")) {
            ps.setString(1, manifestJson);
            ps.setString(2, specHash);
            ps.setInt(3, generation);
            ps.setString(4, actor);
            ps.setString(5, path.toString());
            ps.executeUpdate();
        }
    }

    public void recordRevision(SchemaPath path, int generation, String manifestJson, String changesJson,
                               String migrationsJson, String actor) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO platform.schema_history (schema_path, generation, "
                     + "manifest, changes, migrations, applied_by) VALUES (?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?)")) {
            ps.setString(1, path.toString());
            ps.setInt(2, generation);
            ps.setString(3, manifestJson);
            ps.setString(4, changesJson);
            ps.setString(5, migrationsJson);
            ps.setString(6, actor);
            ps.executeUpdate();
        }
    }

    /** Schemas on which the current principal holds {@code schema.read} (needs a transaction). */
    public List<SchemaSummary> readable() throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("SELECT " + SUMMARY + " FROM platform.schema_definitions "
                     + "WHERE platform.has_permission(schema_path, 'schema.read') ORDER BY schema_path")) {
            List<SchemaSummary> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(summary(rs));
                }
            }
            return out;
        }
    }

    public Optional<SchemaSummary> summary(SchemaPath path) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + SUMMARY
                     + " FROM platform.schema_definitions WHERE schema_path = ?")) {
            ps.setString(1, path.toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(summary(rs)) : Optional.empty();
            }
        }
    }

    public List<SchemaRevision> history(SchemaPath path) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT generation, changes::text, migrations::text, "
                     + "applied_at, applied_by FROM platform.schema_history WHERE schema_path = ? "
                     + "ORDER BY generation DESC")) {
            ps.setString(1, path.toString());
            List<SchemaRevision> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SchemaRevision(rs.getInt(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class), rs.getString(5)));
                }
            }
            return out;
        }
    }

    private static SchemaSummary summary(ResultSet rs) throws SQLException {
        return new SchemaSummary(rs.getString("schema_path"), rs.getInt("generation"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getString("created_by"),
                rs.getObject("updated_at", OffsetDateTime.class), rs.getString("updated_by"));
    }

    /** The stored state of a schema. */
    public record Stored(int generation, String specHash, String manifestJson) {
    }
}
