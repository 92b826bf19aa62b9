package sh.velocity.schema.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import sh.velocity.kernel.SchemaPath;
import sh.velocity.kernel.db.Database;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.schema.domain.FieldDefinition;

/**
 * The server's only way to change the database schema: the SECURITY DEFINER functions of
 * {@code platform} (see the schema context's migration). They derive and quote every identifier
 * themselves; this class passes path segments and a column list, never SQL.
 */
@ApplicationScoped
public class DdlGateway {

    /** SQLSTATE the gateway raises when it refuses an operation. */
    static final String REFUSED = "VG001";
    /** SQLSTATE of {@code platform.ddl_require_no_values} when the column holds values. */
    static final String HOLDS_VALUES = "VG002";

    @Inject
    Database database;

    public void createRecordType(SchemaPath path, List<FieldDefinition> fields) {
        JsonArrayBuilder columns = Jsonp.createArrayBuilder();
        fields.forEach(f -> columns.add(column(f)));
        call("SELECT platform.ddl_create_record_type(?, ?, ?, ?, ?, ?::jsonb)", path, columns.build().toString());
    }

    public void addColumn(SchemaPath path, FieldDefinition field) {
        call("SELECT platform.ddl_add_column(?, ?, ?, ?, ?, ?::jsonb)", path, column(field).toString());
    }

    public void dropColumn(SchemaPath path, String column) {
        call("SELECT platform.ddl_drop_column(?, ?, ?, ?, ?, ?)", path, column);
    }

    public void renameColumn(SchemaPath path, String column, String newName) {
        call("SELECT platform.ddl_rename_column(?, ?, ?, ?, ?, ?, ?)", path, column, newName);
    }

    /** Type, maxLength and required of an existing column; existing values must convert. */
    public void redefineColumn(SchemaPath path, FieldDefinition field) {
        call("SELECT platform.ddl_redefine_column(?, ?, ?, ?, ?, ?::jsonb)", path, column(field).toString());
    }

    /**
     * Refuses with 409 {@code CONFLICT} ({@code why} says what cannot be done) when any record,
     * visible to the caller or not, has a value in {@code column}.
     */
    public void requireNoValues(SchemaPath path, String column, String why) {
        try {
            call("SELECT platform.ddl_require_no_values(?, ?, ?, ?, ?, ?)", path, column);
        } catch (HoldsValues e) {
            throw new VelocityException(ErrorCode.CONFLICT, why + " Records of " + path + " hold values in '" + column
                    + "'; nothing was changed. Apply a new version (v2) of the record type instead.");
        }
    }

    /** The row-level security policies that let the key-rotation worker re-encrypt the table's records. */
    public void enableKeyRotation(SchemaPath path) {
        call("SELECT platform.ddl_enable_key_rotation(?, ?, ?, ?, ?)", path);
    }

    /**
     * The record table's generated {@code search_vector} over exactly these fields (none: no
     * column), with its GIN index; replaces what was there.
     */
    public void setSearch(SchemaPath path, List<String> fields) {
        call("SELECT platform.ddl_set_search(?, ?, ?, ?, ?, ?::jsonb)", path,
                Jsonp.createArrayBuilder(fields).build().toString());
    }

    private void call(String sql, SchemaPath path, String... args) {
        try (Connection c = database.plainConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, path.namespace());
            ps.setString(2, path.domain());
            ps.setString(3, path.subdomain());
            ps.setString(4, path.name());
            ps.setString(5, path.version());
            for (int i = 0; i < args.length; i++) {
                ps.setString(6 + i, args[i]);
            }
            ps.execute();
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (HOLDS_VALUES.equals(state)) {
                throw new HoldsValues(path);
            }
            if (state.startsWith("22") || state.startsWith("23") || state.equals("42701")) {
                throw new VelocityException(ErrorCode.CONFLICT, "Existing records do not fit the new definition ("
                        + state + "); nothing was changed. Fix or remove those values, or apply a new version.");
            }
            if (REFUSED.equals(e.getSQLState())) {
                String message = e.getMessage() == null ? "refused" : e.getMessage();
                int at = message.indexOf("DDL gateway refused:");
                throw new VelocityException(ErrorCode.INVALID_MANIFEST,
                        at >= 0 ? firstLine(message.substring(at)) : "The DDL gateway refused the change.");
            }
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The schema change could not be made.");
        }
    }

    private static JsonObject column(FieldDefinition f) {
        JsonObjectBuilder b = Jsonp.createObjectBuilder()
                .add("name", f.name())
                .add("type", f.type().manifestName())
                .add("required", f.required());
        if (f.maxLength() != null) {
            b.add("maxLength", f.maxLength());
        }
        if (f.sensitivity().isEncrypted()) {
            b.add("encrypted", true);
        }
        return b.build();
    }

    /** A column that must be empty for the change (checked by the gateway) has values: 409. */
    private static final class HoldsValues extends VelocityException {

        private static final long serialVersionUID = 1L;

        HoldsValues(SchemaPath path) {
            super(ErrorCode.CONFLICT, "Records of " + path + " hold encrypted values the change would make "
                    + "unreadable; nothing was changed. Apply a new version (v2) of the record type instead.");
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
