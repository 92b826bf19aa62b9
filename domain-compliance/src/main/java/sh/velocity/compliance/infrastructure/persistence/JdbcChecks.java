package sh.velocity.compliance.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import sh.velocity.kernel.db.Database;

/**
 * The queries the checklist runs, as the server's own role (what an attacker holding its
 * connection would have). Each returns what it saw and is quoted, SQL included, in the evidence.
 */
@ApplicationScoped
public class JdbcChecks {

    /** String and text fields without maxLength, in every applied manifest. */
    public static final String MISSING_MAX_LENGTH = "SELECT d.schema_path || '.' || (f ->> 'name') "
            + "FROM platform.schema_definitions d, jsonb_array_elements(d.manifest #> '{spec,fields}') f "
            + "WHERE f ->> 'type' IN ('string', 'text') AND (NOT jsonb_exists(f, 'maxLength') OR (f ->> 'maxLength')::numeric < 1) "
            + "ORDER BY 1";

    /** Validation rules without a bound between 1 and 1000 ms. */
    public static final String UNBOUNDED_RULES = "SELECT d.schema_path || ' rule ' || (r.n - 1) "
            + "FROM platform.schema_definitions d, "
            + "jsonb_array_elements(coalesce(d.manifest #> '{spec,validation,rules}', '[]')) WITH ORDINALITY r(v, n) "
            + "WHERE NOT jsonb_exists(r.v, 'maxExecutionMs') OR (r.v ->> 'maxExecutionMs')::numeric NOT BETWEEN 1 AND 1000 ORDER BY 1";

    /** Sensitive fields whose masking would show the whole value (or that are not masked at all). */
    public static final String UNMASKED_SENSITIVE = "SELECT d.schema_path || '.' || (f ->> 'name') "
            + "FROM platform.schema_definitions d, jsonb_array_elements(d.manifest #> '{spec,fields}') f "
            + "WHERE f ->> 'sensitivity' IN ('internal', 'pii', 'phi', 'pci', 'secret') AND jsonb_exists(f, 'masking') "
            + "AND f #>> '{masking,strategy}' = 'partial' "
            + "AND (f #>> '{masking,visibleChars}')::numeric >= coalesce((f ->> 'maxLength')::numeric, 1e9) ORDER BY 1";

    /**
     * The settings that keep PostgreSQL from writing a logged statement's bound values (record
     * fields) into its log, each listed when it is not 0 in this session or not set on the server's
     * role (so a change to the role shows before the pool's sessions are replaced).
     */
    public static final String LOGGED_PARAMETERS = "SELECT p.name FROM (VALUES ('log_parameter_max_length'), "
            + "('log_parameter_max_length_on_error')) AS p(name) WHERE current_setting(p.name) <> '0' "
            + "OR NOT EXISTS (SELECT 1 FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole "
            + "WHERE r.rolname = current_user AND s.setdatabase = 0 AND p.name || '=0' = ANY (s.setconfig)) ORDER BY 1";

    public static final String SENSITIVE_FIELDS = "SELECT count(*) FROM platform.schema_definitions d, "
            + "jsonb_array_elements(d.manifest #> '{spec,fields}') f "
            + "WHERE f ->> 'sensitivity' IN ('internal', 'pii', 'phi', 'pci', 'secret')";

    /**
     * phi, pci and secret fields whose column is not guaranteed to hold only ciphertext: no
     * validated CHECK constraint with the ciphertext pattern (schema V4) on it, or no column.
     */
    public static final String UNENCRYPTED_COLUMNS = "SELECT d.schema_path || '.' || (f ->> 'name') "
            + "FROM platform.schema_definitions d, jsonb_array_elements(d.manifest #> '{spec,fields}') f "
            + "WHERE f ->> 'sensitivity' IN ('phi', 'pci', 'secret') AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            + "JOIN pg_attribute a ON a.attrelid = c.conrelid AND c.conkey = ARRAY[a.attnum] "
            + "WHERE c.conrelid = to_regclass(format('%I.%I', replace(d.namespace || '_' || d.domain || '_' "
            + "|| d.subdomain, '-', '_'), replace(d.name, '-', '_') || '_' || d.version)) "
            + "AND a.attname = f ->> 'name' AND a.atttypid = 'text'::regtype AND c.contype = 'c' AND c.convalidated "
            + "AND pg_get_constraintdef(c.oid) LIKE '%^vfe1%') ORDER BY 1";

    public static final String ENCRYPTED_FIELDS = "SELECT count(*) FROM platform.schema_definitions d, "
            + "jsonb_array_elements(d.manifest #> '{spec,fields}') f WHERE f ->> 'sensitivity' IN ('phi', 'pci', 'secret')";

    public static final String KEY_HASH_CONSTRAINT = "SELECT count(*) FROM pg_constraint WHERE conrelid = "
            + "'platform.api_keys'::regclass AND contype = 'c' AND convalidated "
            + "AND pg_get_constraintdef(oid) LIKE '%key_hash%[0-9a-f]{64}%'";

    public static final String NON_HASH_KEYS = "SELECT count(*) FROM platform.api_keys WHERE key_hash !~ '^[0-9a-f]{64}$'";

    /** Record and outbox tables of every applied schema, with their RLS flags (missing tables: null). */
    public static final String RECORD_TABLES = "SELECT d.schema_path, "
            + "to_regclass(format('%I.%I', s.pg_schema, replace(d.name, '-', '_') || '_' || d.version))::text, "
            + "to_regclass(format('%I.%I', s.pg_schema, replace(d.name, '-', '_') || '_' || d.version || '_outbox'))::text, "
            + "d.manifest #>> '{spec,search,tier}', jsonb_array_length(coalesce(d.manifest #> '{spec,search,fields}', '[]')) "
            + "FROM platform.schema_definitions d, "
            + "LATERAL (SELECT replace(d.namespace || '_' || d.domain || '_' || d.subdomain, '-', '_') AS pg_schema) s "
            + "ORDER BY 1";

    public static final String RLS_FLAGS = "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = ?::regclass";

    public static final String SEARCH_VECTOR = "SELECT count(*) FROM pg_attribute WHERE attrelid = ?::regclass "
            + "AND attname = 'search_vector' AND NOT attisdropped";

    public static final String MIGRATIONS_WITHOUT_REASON = "SELECT h.schema_path || ' generation ' || h.generation "
            + "FROM platform.schema_history h, jsonb_array_elements(h.migrations) m "
            + "WHERE coalesce(btrim(m ->> 'reason'), '') = '' ORDER BY 1";

    public static final String STALE_IDEMPOTENCY_KEYS = "SELECT count(*) FROM platform.idempotency_keys "
            + "WHERE expires_at < now() - interval '1 hour'";

    public static final String OLD_ACTIVE_KEYS = "SELECT count(*) FROM platform.api_keys WHERE revoked_at IS NULL "
            + "AND expires_at > now() AND created_at < now() - make_interval(days => ?)";

    public static final String NAMESPACES_WITHOUT_RETENTION = "SELECT DISTINCT d.namespace FROM platform.schema_definitions d "
            + "WHERE NOT EXISTS (SELECT 1 FROM platform.audit_retention r WHERE r.org = d.namespace) ORDER BY 1";

    @Inject
    Database database;

    /** The first column of every row, as text. */
    public List<String> strings(String sql, Object... params) throws SQLException {
        try (Connection c = database.plainConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    public long count(String sql, Object... params) throws SQLException {
        List<String> rows = strings(sql, params);
        return rows.isEmpty() || rows.get(0) == null ? 0 : Long.parseLong(rows.get(0));
    }

    /** One row per applied schema: path, record table, outbox table (null when missing), tier, search fields. */
    public List<String[]> recordTables() throws SQLException {
        try (Connection c = database.plainConnection(); PreparedStatement ps = c.prepareStatement(RECORD_TABLES);
             ResultSet rs = ps.executeQuery()) {
            List<String[]> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)});
            }
            return out;
        }
    }

    /** {rowsecurity, forcerowsecurity} of a table. */
    public boolean[] rlsFlags(String table) throws SQLException {
        try (Connection c = database.plainConnection(); PreparedStatement ps = c.prepareStatement(RLS_FLAGS)) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new boolean[] {rs.getBoolean(1), rs.getBoolean(2)};
            }
        }
    }

    /**
     * Rows the table shows to the server's role with no principal set: the direct query of checklist
     * item 12. Needs an active transaction (the empty principal is transaction-local).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public long rowsSeenWithoutPrincipal(String table) throws SQLException {
        try (Connection c = database.connectionAs("");
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
