package sh.velocity.records.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.kernel.request.RequestContext;
import sh.velocity.records.infrastructure.persistence.JdbcRecordStore;
import sh.velocity.schema.api.RecordType;

/**
 * The write transaction: record row, outbox row and audit event in one JTA transaction, so a
 * failure of any of them leaves none behind. The audit event names the record and the fields
 * written, not their values (values live in the record and, masked, in the outbox).
 */
@ApplicationScoped
public class RecordTransactions {

    @Inject
    JdbcRecordStore store;

    @Inject
    AuditTrail audit;

    @Inject
    MaskingKeys keys;

    @Inject
    RequestContext request;

    @Transactional
    public JsonObject create(RecordType type, Map<String, Object> values) {
        try {
            JsonObject stored = store.insert(type, values, request.actor());
            JsonObject masked = keys.masking().mask(type, stored);
            UUID id = UUID.fromString(stored.getString("id"));
            long version = stored.getJsonNumber("version").longValue();
            store.appendOutbox(type, id, version, "created", masked);
            JsonArrayBuilder fields = Json.createArrayBuilder();
            values.keySet().forEach(fields::add);
            audit.append(AuditEvent.success(type.path().toString(), "record.create", type.path() + "/" + id,
                    Json.createObjectBuilder().add("id", id.toString()).add("version", version)
                            .add("fields", fields).build()));
            return masked;
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    /** The SQL states a write can meet, as the errors a client can act on. */
    static final class SqlFailures {

        private SqlFailures() {
        }

        static VelocityException translate(SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.equals("42501")) {
                return new VelocityException(ErrorCode.FORBIDDEN, "Row-level security refused the write.");
            }
            if (state.startsWith("23") || state.equals("22001") || state.equals("22003")) {
                return new VelocityException(ErrorCode.VALIDATION_FAILED, "The database refused a value ("
                        + state + ").");
            }
            return new VelocityException(ErrorCode.INTERNAL_ERROR, "The record could not be written.");
        }
    }
}
