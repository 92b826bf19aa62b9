package sh.velocity.records.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
import sh.velocity.kernel.db.BoundStatement;
import sh.velocity.kernel.db.Database;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.records.domain.PageRequest;
import sh.velocity.schema.api.FieldSpec;
import sh.velocity.schema.api.RecordType;
import sh.velocity.schema.api.RecordTypes;

/**
 * Reads and writes one record type's table and outbox. Identifiers come only from the applied
 * schema (validated names, double-quoted here again); values are always bind parameters. Every
 * connection carries the request's principal, so row-level security decides what is visible.
 *
 * <p>Creates, reads, searches, updates, deletes and a subject's reads take the type as this server
 * holds it and confirm its generation in the same round trip as their statement, ahead of it
 * ({@link RecordTypes#GENERATION_GUARD}, which also holds the table against a schema change until
 * the transaction ends, so the rest of a write may follow in statements of its own):
 * a type changed or removed since fails with {@link RecordTypes#STALE_GENERATION}, nothing is
 * written or read, and the caller reads the type again.
 */
@ApplicationScoped
public class JdbcRecordStore {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    /** System columns that are never NULL (so keyset paging can use a row-value comparison). */
    private static final java.util.Set<String> NEVER_NULL = java.util.Set.of("created_at", "updated_at");

    /** The first parameter of a {@link #guarded} statement that is the caller's own. */
    private static final int GUARDED = 4;

    @Inject
    Database database;

    /**
     * Inserts the record under {@code id} (chosen by the caller: encrypted values are bound to it)
     * and returns it as stored: encrypted fields as their ciphertext, the rest unmasked; the caller
     * masks. In the same round trip, ahead of the INSERT, the type's generation is confirmed
     * ({@link RecordTypes#GENERATION_GUARD}): a type changed since the caller validated against it
     * fails with {@link RecordTypes#STALE_GENERATION} and nothing is inserted.
     */
    public JsonObject insert(RecordType type, UUID id, Map<String, Object> values, String actor) throws SQLException {
        StringBuilder columns = new StringBuilder("id, created_by, updated_by");
        StringBuilder params = new StringBuilder("?, ?, ?");
        for (String name : values.keySet()) {
            columns.append(", ").append(quote(name));
            params.append(", ?");
        }
        String sql = "INSERT INTO " + table(type.path()) + " (" + columns + ") VALUES (" + params + ") RETURNING "
                + selectList(type);
        try (BoundStatement s = guarded(type, sql)) {
            s.set(GUARDED, id);
            s.set(GUARDED + 1, actor);
            s.set(GUARDED + 2, actor);
            int i = GUARDED + 3;
            for (Object value : values.values()) {
                s.set(i++, value);
            }
            s.execute();
            if (!s.nextResult()) {
                throw new SQLException("the insert returned no row");
            }
            try (ResultSet rs = s.results()) {
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

    /** The record, if visible to the principal; the type's generation is confirmed (class comment). */
    public Optional<JsonObject> find(RecordType type, UUID id) throws SQLException {
        return byId(type, id, "");
    }

    /**
     * Every record whose subject field equals {@code subject}, visible to the principal, locked when
     * asked; the type's generation is confirmed (class comment).
     */
    public List<JsonObject> bySubject(RecordType type, String subjectField, Object subject, boolean lock)
            throws SQLException {
        String sql = "SELECT " + selectList(type) + " FROM " + table(type.path()) + " WHERE " + quote(subjectField)
                + " = ? ORDER BY created_at, id" + (lock ? " FOR UPDATE" : "");
        try (BoundStatement s = guarded(type, sql)) {
            s.set(GUARDED, subject);
            return rows(type, s);
        }
    }

    /**
     * The record locked for this transaction, if visible to the principal; the type's generation
     * is confirmed (class comment).
     */
    public Optional<JsonObject> findForUpdate(RecordType type, UUID id) throws SQLException {
        return byId(type, id, " FOR UPDATE");
    }

    private Optional<JsonObject> byId(RecordType type, UUID id, String locking) throws SQLException {
        String sql = "SELECT " + selectList(type) + " FROM " + table(type.path()) + " WHERE id = ?" + locking;
        try (BoundStatement s = locking.isEmpty() ? guardedRead(type, sql) : guarded(type, sql)) {
            s.set(GUARDED, id);
            List<JsonObject> found = rows(type, s);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    /** Writes the given columns, bumps the version; returns the row as stored. */
    public JsonObject update(RecordType type, UUID id, Map<String, Object> values, String actor) throws SQLException {
        StringBuilder set = new StringBuilder("version = version + 1, updated_at = now(), updated_by = ?");
        for (String name : values.keySet()) {
            set.append(", ").append(quote(name)).append(" = ?");
        }
        String sql = "UPDATE " + table(type.path()) + " SET " + set + " WHERE id = ? RETURNING " + selectList(type);
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, actor);
            for (Object value : values.values()) {
                ps.setObject(i++, value);
            }
            ps.setObject(i, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return toJson(type, rs);
            }
        }
    }

    /** Deletes the record; true when a row was deleted. */
    public boolean delete(RecordType type, UUID id) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM " + table(type.path()) + " WHERE id = ?")) {
            ps.setObject(1, id);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * One page: rows after the request's position in (sort column NULLS LAST, id) order, filtered
     * by equality; {@code limit + 1} rows so the caller knows whether more follow. The type's
     * generation is confirmed (class comment).
     */
    public List<JsonObject> page(RecordType type, PageRequest page) throws SQLException {
        String column = quote(page.sortColumn());
        List<Object> params = new ArrayList<>();
        List<String> where = new ArrayList<>();
        page.filters().forEach((field, value) -> {
            where.add(quote(field) + " = ?");
            params.add(value);
        });
        boolean neverNull = NEVER_NULL.contains(page.sortColumn());
        if (page.hasPosition() && neverNull) {
            // A row-value comparison is an index condition on (created_at, id); deep pages cost no more
            // than the first. Descending sorts break ties by id descending so the index scans backwards.
            where.add("(" + column + ", id) " + (page.descending() ? "<" : ">") + " (?, ?)");
            params.add(page.afterValue());
            params.add(page.afterId());
        } else if (page.hasPosition()) {
            if (page.afterValue() == null) {
                where.add("(" + column + " IS NULL AND id > ?)");
                params.add(page.afterId());
            } else {
                String beyond = page.descending() ? " < ?" : " > ?";
                where.add("(" + column + beyond + " OR (" + column + " = ? AND id > ?) OR " + column + " IS NULL)");
                params.add(page.afterValue());
                params.add(page.afterValue());
                params.add(page.afterId());
            }
        }
        String sql = "SELECT " + selectList(type) + " FROM " + table(type.path())
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY " + column + (page.descending() ? " DESC" : " ASC") + " NULLS LAST, id"
                + (neverNull && page.descending() ? " DESC" : "") + " LIMIT ?";
        try (BoundStatement s = guardedRead(type, sql)) {
            int i = GUARDED;
            for (Object p : params) {
                s.set(i++, p);
            }
            s.set(i, page.limit() + 1);
            return rows(type, s);
        }
    }

    /**
     * Tier 2 search: the records whose {@code search_vector} matches {@code q} read as a web search
     * query (quoted phrases, {@code or}, {@code -word}), best ranked first, under the principal's
     * row-level security like every read; the type's generation is confirmed (class comment).
     */
    public List<JsonObject> search(RecordType type, String q, int limit) throws SQLException {
        String sql = "SELECT " + selectList(type) + " FROM " + table(type.path())
                + " WHERE search_vector @@ websearch_to_tsquery('simple'::regconfig, ?)"
                + " ORDER BY ts_rank(search_vector, websearch_to_tsquery('simple'::regconfig, ?)) DESC, id LIMIT ?";
        try (BoundStatement s = guarded(type, sql)) {
            s.set(GUARDED, q);
            s.set(GUARDED + 1, q);
            s.set(GUARDED + 2, limit);
            return rows(type, s);
        }
    }

    /**
     * The records with these ids that row-level security lets the caller read, in no order; the
     * type's generation is confirmed (class comment).
     */
    public List<JsonObject> byIds(RecordType type, List<UUID> ids) throws SQLException {
        String sql = "SELECT " + selectList(type) + " FROM " + table(type.path()) + " WHERE id = ANY (?)";
        try (BoundStatement s = guarded(type, sql)) {
            s.setArray(GUARDED, "uuid", ids.toArray());
            return rows(type, s);
        }
    }

    /** Sends a {@link #guarded} query and reads its rows. */
    private List<JsonObject> rows(RecordType type, BoundStatement s) throws SQLException {
        s.execute();
        s.nextResult();
        List<JsonObject> out = new ArrayList<>();
        try (ResultSet rs = s.results()) {
            while (rs.next()) {
                out.add(toJson(type, rs));
            }
        }
        return out;
    }

    /** An encrypted field's stored text per column, of one record. */
    public record StoredCiphertexts(UUID id, Map<String, String> values) {
    }

    /**
     * Up to {@code limit} records with an encrypted value not sealed under key {@code version}
     * (older versions, or values stored in clear before encryption existed), read as
     * {@code principal} (the key-rotation worker, whom row-level security lets see every record)
     * and locked; records another transaction holds are skipped and come back in a later batch.
     */
    public List<StoredCiphertexts> notUnderKey(RecordType type, int version, int limit, String principal)
            throws SQLException {
        List<String> columns = encryptedColumns(type);
        String sql = "SELECT id, " + String.join(", ", columns.stream().map(JdbcRecordStore::quote).toList())
                + " FROM " + table(type.path()) + " WHERE " + notUnderKey(columns)
                + " LIMIT ? FOR UPDATE SKIP LOCKED";
        try (Connection c = database.connectionAs(principal); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (int k = 0; k < columns.size(); k++) {
                ps.setString(i++, prefixPattern(version));
            }
            ps.setInt(i, limit);
            List<StoredCiphertexts> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> values = new java.util.LinkedHashMap<>();
                    for (String column : columns) {
                        values.put(column, rs.getString(column));
                    }
                    out.add(new StoredCiphertexts(rs.getObject("id", UUID.class), values));
                }
            }
            return out;
        }
    }

    /** How many encrypted values of the record type are not sealed under key {@code version}. */
    public long countNotUnderKey(RecordType type, int version, String principal) throws SQLException {
        List<String> columns = encryptedColumns(type);
        String sum = String.join(" + ", columns.stream().map(c -> "count(*) FILTER (WHERE " + quote(c)
                + " IS NOT NULL AND " + quote(c) + " NOT LIKE ?)").toList());
        try (Connection c = database.connectionAs(principal);
             PreparedStatement ps = c.prepareStatement("SELECT " + sum + " FROM " + table(type.path()))) {
            for (int k = 1; k <= columns.size(); k++) {
                ps.setString(k, prefixPattern(version));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Replaces encrypted values with the same values sealed under another key version. Not a change
     * of the record: its version, update time and author stay.
     */
    public void rewriteCiphertexts(RecordType type, StoredCiphertexts rewritten, String principal) throws SQLException {
        List<String> set = rewritten.values().keySet().stream().map(c -> quote(c) + " = ?").toList();
        String sql = "UPDATE " + table(type.path()) + " SET " + String.join(", ", set) + " WHERE id = ?";
        try (Connection c = database.connectionAs(principal); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (String value : rewritten.values().values()) {
                ps.setString(i++, value);
            }
            ps.setObject(i, rewritten.id());
            ps.executeUpdate();
        }
    }

    private static List<String> encryptedColumns(RecordType type) {
        List<String> columns = type.fields().stream().filter(FieldSpec::encrypted).map(FieldSpec::name).toList();
        if (columns.isEmpty()) {
            throw new IllegalArgumentException(type.path() + " has no encrypted field");
        }
        return columns;
    }

    private static String notUnderKey(List<String> columns) {
        return "(" + String.join(" OR ", columns.stream().map(c -> "(" + quote(c) + " IS NOT NULL AND " + quote(c)
                + " NOT LIKE ?)").toList()) + ")";
    }

    /** LIKE pattern of the values sealed under {@code version} ({@code vfe1.<version>.…}; no wildcard in it). */
    private static String prefixPattern(int version) {
        return sh.velocity.records.domain.encryption.FieldCiphertext.prefix(version) + "%";
    }

    private static String selectList(RecordType type) {
        StringBuilder sb = new StringBuilder("id, version, created_at, updated_at");
        type.fields().forEach(f -> sb.append(", ").append(quote(f.name())));
        return sb.toString();
    }

    private static JsonObject toJson(RecordType type, ResultSet rs) throws SQLException {
        JsonObjectBuilder b = Jsonp.createObjectBuilder()
                .add("id", rs.getString("id"))
                .add("version", rs.getLong("version"))
                .add("createdAt", rs.getObject("created_at", OffsetDateTime.class).toString())
                .add("updatedAt", rs.getObject("updated_at", OffsetDateTime.class).toString());
        for (FieldSpec f : type.fields()) {
            String n = f.name();
            Object value = f.encrypted() ? rs.getString(n) : switch (f.type()) {
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

    /**
     * {@code sql} with the type's generation confirmed ahead of it in the same round trip; the
     * guard takes parameters 1 to 3 and its own result, so the caller binds from {@link #GUARDED}
     * and reads after one {@link BoundStatement#nextResult}.
     */
    private BoundStatement guarded(RecordType type, String sql) throws SQLException {
        return guard(type, database.prepare(RecordTypes.GENERATION_GUARD + "; " + sql));
    }

    /** As {@link #guarded}; outside a transaction, one message in its own implicit transaction ({@link Database#prepareRead}). */
    private BoundStatement guardedRead(RecordType type, String sql) throws SQLException {
        return guard(type, database.prepareRead(RecordTypes.GENERATION_GUARD + "; " + sql));
    }

    private static BoundStatement guard(RecordType type, BoundStatement s) throws SQLException {
        try {
            s.set(1, type.path().toString());
            s.set(2, type.generation());
            s.set(3, table(type.path()));
        } catch (SQLException e) {
            s.close();
            throw e;
        }
        return s;
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
