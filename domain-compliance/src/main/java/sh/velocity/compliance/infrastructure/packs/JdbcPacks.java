package sh.velocity.compliance.infrastructure.packs;

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
import sh.velocity.kernel.db.Database;

/** The packs organisations enabled: one row per (namespace, name), the manifest in canonical JSON. */
@ApplicationScoped
public class JdbcPacks {

    private static final String COLUMNS = "namespace, name, manifest::text, spec_hash, generation, updated_at, updated_by";

    @Inject
    Database database;

    public record StoredPack(String namespace, String name, String manifestJson, String specHash, int generation,
                             OffsetDateTime updatedAt, String updatedBy) {
    }

    /** The packs of one namespace, or of all when {@code namespace} is null, by namespace and name. */
    public List<StoredPack> list(String namespace) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM platform.compliance_packs"
                     + (namespace == null ? "" : " WHERE namespace = ?") + " ORDER BY namespace, name")) {
            if (namespace != null) {
                ps.setString(1, namespace);
            }
            List<StoredPack> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredPack(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5), rs.getObject(6, OffsetDateTime.class), rs.getString(7)));
                }
            }
            return out;
        }
    }

    /** One pack, locked for update when {@code lock} (inside the caller's transaction). */
    public Optional<StoredPack> find(String namespace, String name, boolean lock) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM platform.compliance_packs"
                     + " WHERE namespace = ? AND name = ?" + (lock ? " FOR UPDATE" : ""))) {
            ps.setString(1, namespace);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new StoredPack(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getInt(5), rs.getObject(6, OffsetDateTime.class), rs.getString(7)))
                        : Optional.empty();
            }
        }
    }

    public void insert(String namespace, String name, String manifestJson, String specHash, String actor)
            throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO platform.compliance_packs (namespace, name, "
                     + "manifest, spec_hash, created_by, updated_by) VALUES (?, ?, ?::jsonb, ?, ?, ?)")) {
            ps.setString(1, namespace);
            ps.setString(2, name);
            ps.setString(3, manifestJson);
            ps.setString(4, specHash);
            ps.setString(5, actor);
            ps.setString(6, actor);
            ps.executeUpdate();
        }
    }

    public void update(String namespace, String name, String manifestJson, String specHash, int generation,
            String actor) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE platform.compliance_packs SET manifest = ?::jsonb, "
                     + "spec_hash = ?, generation = ?, updated_at = now(), updated_by = ? "
                     + "WHERE namespace = ? AND name = ?")) {
            ps.setString(1, manifestJson);
            ps.setString(2, specHash);
            ps.setInt(3, generation);
            ps.setString(4, actor);
            ps.setString(5, namespace);
            ps.setString(6, name);
            ps.executeUpdate();
        }
    }

    /** True when a row was deleted. */
    public boolean delete(String namespace, String name) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement(
                     "DELETE FROM platform.compliance_packs WHERE namespace = ? AND name = ?")) {
            ps.setString(1, namespace);
            ps.setString(2, name);
            return ps.executeUpdate() == 1;
        }
    }
}
