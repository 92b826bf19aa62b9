package sh.velocity.records.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import sh.velocity.kernel.SchemaPath;
import sh.velocity.kernel.db.Database;
import sh.velocity.schema.api.FieldSpec;
import sh.velocity.schema.api.RecordType;

/**
 * Reads and writes one record type's table and outbox. Identifiers come only from the applied
 * schema (validated names, double-quoted here again); values are always bind parameters. Every
 * connection carries the request's principal, so row-level security decides what is visible.
 */
@ApplicationScoped
public class JdbcRecordStore {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    @Inject
    Database database;

    /** Inserts the record and returns it as stored (unmasked; the caller masks). */
    public JsonObject insert(RecordType type, Map<String, Object> values, String actor) throws SQLException {
        StringBuilder columns = new StringBuilder("created_by, updated_by");
        StringBuilder params = new StringBuilder("?, ?");
        for (String name : values.keySet()) {
            columns.append(", ").append(quote(name));
            params.append(", ?");
        }
        String sql = "INSERT INTO " + table(type.path()) + " (" + columns + ") VALUES (" + params + ") RETURNING "
                + selectList(type);
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, actor);
            ps.setString(2, actor);
            int i = 3;
            for (Object value : values.values()) {
                ps.setObject(i++, value);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return toJson(type, rs);
            }
        }
    }

    public void appendOutbox(RecordType type, UUID id, long version, String eventType, JsonObject maskedPayload)
            throws SQLException {
        String sql = "INSERT INTO " + outbox(type.path())
                + " (aggregate_id, aggregate_version, event_type, payload) VALUES (?, ?, ?, ?::jsonb)";
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            ps.setLong(2, version);
            ps.setString(3, eventType);
            ps.setString(4, maskedPayload.toString());
            ps.executeUpdate();
        }
    }

    public Optional<JsonObject> find(RecordType type, UUID id) throws SQLException {
        String sql = "SELECT " + selectList(type) + " FROM " + table(type.path()) + " WHERE id = ?";
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(toJson(type, rs)) : Optional.empty();
            }
        }
    }

    /** Rows after the (createdAt, id) position, in that order; {@code limit + 1} to know if more follow. */
    public List<JsonObject> page(RecordType type, OffsetDateTime afterCreatedAt, UUID afterId, int limit)
            throws SQLException {
        String where = afterId == null ? "" : " WHERE (created_at, id) > (?, ?)";
        String sql = "SELECT " + selectList(type) + " FROM " + table(type.path()) + where
                + " ORDER BY created_at, id LIMIT ?";
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (afterId != null) {
                ps.setObject(i++, afterCreatedAt);
                ps.setObject(i++, afterId);
            }
            ps.setInt(i, limit + 1);
            List<JsonObject> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(toJson(type, rs));
                }
            }
            return out;
        }
    }

    private static String selectList(RecordType type) {
        StringBuilder sb = new StringBuilder("id, version, created_at, updated_at");
        type.fields().forEach(f -> sb.append(", ").append(quote(f.name())));
        return sb.toString();
    }

    private static JsonObject toJson(RecordType type, ResultSet rs) throws SQLException {
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("id", rs.getString("id"))
                .add("version", rs.getLong("version"))
                .add("createdAt", rs.getObject("created_at", OffsetDateTime.class).toString())
                .add("updatedAt", rs.getObject("updated_at", OffsetDateTime.class).toString());
        for (FieldSpec f : type.fields()) {
            String n = f.name();
            Object value = switch (f.type()) {
                case "integer" -> rs.getObject(n, Long.class);
                case "decimal" -> rs.getBigDecimal(n);
                case "boolean" -> rs.getObject(n, Boolean.class);
                case "date" -> rs.getObject(n, LocalDate.class);
                case "timestamp" -> rs.getObject(n, OffsetDateTime.class);
                default -> rs.getString(n);
            };
            if (value == null) {
                b.addNull(n);
            } else if (value instanceof Long l) {
                b.add(n, l);
            } else if (value instanceof BigDecimal d) {
                b.add(n, d);
            } else if (value instanceof Boolean bool) {
                b.add(n, bool);
            } else {
                b.add(n, value.toString());
            }
        }
        return b.build();
    }

    static String table(SchemaPath path) {
        return quote(path.pgSchema()) + "." + quote(path.pgTable());
    }

    static String outbox(SchemaPath path) {
        return quote(path.pgSchema()) + "." + quote(path.pgOutboxTable());
    }

    static String quote(String identifier) {
        if (!IDENTIFIER.matcher(identifier).matches()) {
            throw new IllegalArgumentException("not a valid identifier");
        }
        return "\"" + identifier + "\"";
    }
}
