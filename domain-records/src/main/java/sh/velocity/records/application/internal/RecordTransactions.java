package sh.velocity.records.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.auth.api.Authorizer;
import sh.velocity.auth.api.Verb;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.kernel.request.RequestContext;
import sh.velocity.records.domain.RecordValidator;
import sh.velocity.records.infrastructure.persistence.JdbcRecordStore;
import sh.velocity.schema.api.RecordRules;
import sh.velocity.schema.api.RecordType;

/**
 * The write transaction: record row, outbox row and audit event in one JTA transaction, so a
 * failure of any of them leaves none behind. The audit event names the record and the fields
 * written, not their values (values live in the record and, masked, in the outbox). Values of
 * phi, pci and secret fields are sealed ({@link FieldEncryption}) before they reach the store.
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

    @Inject
    DefaultIdempotency idempotency;

    @Inject
    Authorizer authorizer;

    @Inject
    FieldEncryption encryption;

    /**
     * Authorization, validation (fields, then rules) and the write, in one transaction. The type
     * may be this server's cached one: the insert confirms its generation, and a type changed since
     * ends the transaction with {@link StaleRecordType} before anything is written.
     */
    @Transactional
    public JsonObject create(RecordType type, JsonObject body, RecordRules rules) {
        authorize(type, Verb.CREATE, "record.create");
        Map<String, Object> values = RecordValidator.validate(type, body);
        rules.check(type, values);
        try {
            UUID id = UUID.randomUUID();
            JsonObject stored = store.insert(type, id, encryption.seal(type, id, values, request.actor()),
                    request.actor());
            JsonObject masked = keys.masking().mask(type, stored);
            long version = stored.getJsonNumber("version").longValue();
            store.appendOutbox(type, id, version, "created", masked);
            JsonArrayBuilder fields = Jsonp.createArrayBuilder();
            values.keySet().forEach(fields::add);
            audit.append(AuditEvent.success(type.path().toString(), "record.create", type.path() + "/" + id,
                    Jsonp.createObjectBuilder().add("id", id.toString()).add("version", version)
                            .add("fields", fields).build()));
            idempotency.complete(201, masked.toString());
            return masked;
        } catch (SQLException e) {
            throw StaleRecordType.or(e, () -> SqlFailures.translate(e));
        }
    }

    /**
     * Merges the patch into the locked record, validates the result and its rules, writes the
     * changed columns with a new version, and appends outbox row and audit event. If-Match
     * mismatch → 412; a record the principal cannot see → 404. The type may be this server's
     * cached one: the locking read confirms its generation ({@link StaleRecordType}, as for create).
     */
    @Transactional
    public JsonObject update(RecordType type, UUID id, JsonObject patch, Long expectedVersion, RecordRules rules) {
        authorize(type, Verb.UPDATE, "record.update");
        try {
            JsonObject current = locked(type, id, expectedVersion);
            // the merged record is validated and its rules run in clear; only the server sees it
            JsonObjectBuilder merged = RecordValidator.fieldsOf(type, keys.masking().reveal(type, current));
            patch.forEach((k, v) -> {
                if (v.getValueType() == JsonValue.ValueType.NULL) {
                    merged.remove(k);
                } else {
                    merged.add(k, v);
                }
            });
            RecordValidator.validate(type, patch, false);
            Map<String, Object> all = RecordValidator.validate(type, merged.build());
            rules.check(type, all);
            Map<String, Object> changed = new java.util.LinkedHashMap<>();
            patch.keySet().forEach(k -> changed.put(k, all.get(k)));
            JsonObject stored = changed.isEmpty() ? current
                    : store.update(type, id, encryption.seal(type, id, changed, request.actor()), request.actor());
            JsonObject masked = keys.masking().mask(type, stored);
            long newVersion = stored.getJsonNumber("version").longValue();
            if (!changed.isEmpty()) {
                store.appendOutbox(type, id, newVersion, "updated", masked);
                audit.append(AuditEvent.success(type.path().toString(), "record.update", type.path() + "/" + id,
                        Jsonp.createObjectBuilder().add("id", id.toString()).add("version", newVersion)
                                .add("fields", Jsonp.createArrayBuilder(changed.keySet())).build()));
            }
            idempotency.complete(200, masked.toString());
            return masked;
        } catch (SQLException e) {
            throw StaleRecordType.or(e, () -> SqlFailures.translate(e));
        }
    }

    /**
     * Deletes the locked record (If-Match checked) with its outbox row and audit event; the
     * locking read confirms the type's generation, as for update.
     */
    @Transactional
    public void delete(RecordType type, UUID id, Long expectedVersion) {
        authorize(type, Verb.DELETE, "record.delete");
        try {
            long version = locked(type, id, expectedVersion).getJsonNumber("version").longValue();
            if (!store.delete(type, id)) {
                throw new VelocityException(ErrorCode.FORBIDDEN, "Row-level security refused the delete.");
            }
            store.appendOutbox(type, id, version + 1, "deleted",
                    Jsonp.createObjectBuilder().add("id", id.toString()).add("version", version + 1).build());
            audit.append(AuditEvent.success(type.path().toString(), "record.delete", type.path() + "/" + id,
                    Jsonp.createObjectBuilder().add("id", id.toString()).add("version", version).build()));
            idempotency.complete(204, null);
        } catch (SQLException e) {
            throw StaleRecordType.or(e, () -> SqlFailures.translate(e));
        }
    }

    /** The verb on the record type's path, checked in the write's transaction (403, audited). */
    private void authorize(RecordType type, String verb, String operation) {
        String path = type.path().toString();
        authorizer.require(verb, path, path, operation);
    }

    /** The record, locked for this transaction; 404 when not visible, 412 when If-Match does not match. */
    private JsonObject locked(RecordType type, UUID id, Long expectedVersion) throws SQLException {
        JsonObject current = store.findForUpdate(type, id).orElseThrow(() -> notFound(type));
        long version = current.getJsonNumber("version").longValue();
        if (expectedVersion != null && expectedVersion != version) {
            throw new VelocityException(ErrorCode.PRECONDITION_FAILED, "The record is at version " + version
                    + ", not " + expectedVersion + "; read it again and reapply your change. Nothing was written.");
        }
        return current;
    }

    static VelocityException notFound(RecordType type) {
        return new VelocityException(ErrorCode.NOT_FOUND, "No such record under " + type.path() + ".");
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
