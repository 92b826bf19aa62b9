package sh.velocity.records.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.auth.api.Authorizer;
import sh.velocity.auth.api.Verb;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.records.api.RecordPage;
import sh.velocity.records.domain.PageCursor;
import sh.velocity.records.domain.PageRequest;
import sh.velocity.records.infrastructure.persistence.JdbcRecordStore;
import sh.velocity.schema.api.FieldSpec;
import sh.velocity.schema.api.RecordType;

/**
 * The read transaction: the rows, under the caller's row-level security, and the read's audit
 * event when the type has masked fields (an unmasked read needs {@code unmask} and is audited as
 * such). A type without masked fields has its reads unaudited: they run outside any transaction
 * ({@link #unaudited}, {@link #unauditedPage}), each one message in its own implicit transaction
 * (ADR 0005, amended), so a GET costs one round trip and no BEGIN or COMMIT.
 * The type may be this server's cached one: the read confirms its generation in the same
 * round trip as its query, and a type changed since ends the transaction with
 * {@link StaleRecordType} before anything is returned or audited.
 */
@ApplicationScoped
public class RecordReads {

    @Inject
    JdbcRecordStore store;

    @Inject
    MaskingKeys keys;

    @Inject
    AuditTrail audit;

    @Inject
    Authorizer authorizer;

    /** Whether reading the type is audited: it has masked fields. */
    static boolean audited(RecordType type) {
        return type.hasMaskedFields();
    }

    /**
     * One record of a type whose reads are not audited ({@link #audited} false), outside any
     * transaction; 404 when the principal cannot see it.
     */
    public JsonObject unaudited(RecordType type, UUID id) {
        if (audited(type)) {
            throw new IllegalStateException(type.path() + " has masked fields: its reads are audited");
        }
        try {
            return keys.masking().mask(type, store.find(type, id).orElseThrow(() -> RecordTransactions.notFound(type)));
        } catch (SQLException e) {
            throw failure(e, "The record could not be read.");
        }
    }

    /** One page of a type whose reads are not audited, outside any transaction ({@link #page}). */
    public RecordPage unauditedPage(RecordType type, PageRequest page, String sort, String sortName) {
        if (audited(type)) {
            throw new IllegalStateException(type.path() + " has masked fields: its reads are audited");
        }
        return onePage(type, page, sort, sortName);
    }

    /** One record, masked unless {@code unmask}; 404 when the principal cannot see it. */
    @Transactional
    public JsonObject get(RecordType type, UUID id, boolean unmask) {
        String path = type.path().toString();
        if (unmask) {
            authorizer.require(Verb.UNMASK, path, path, "record.unmask");
        }
        try {
            JsonObject stored = store.find(type, id).orElseThrow(() -> RecordTransactions.notFound(type));
            List<String> masked = type.fields().stream().filter(FieldSpec::masked).map(FieldSpec::name).toList();
            if (unmask) {
                audit.append(AuditEvent.success(path, "record.unmask", path + "/" + id,
                        Jsonp.createObjectBuilder().add("id", id.toString())
                                .add("fields", Jsonp.createArrayBuilder(masked)).build()));
                return keys.masking().reveal(type, stored);
            }
            if (!masked.isEmpty()) {
                audit.append(AuditEvent.success(path, "record.read", path + "/" + id,
                        Jsonp.createObjectBuilder().add("id", id.toString()).build()));
            }
            return keys.masking().mask(type, stored);
        } catch (SQLException e) {
            throw failure(e, "The record could not be read.");
        }
    }

    /**
     * One page, masked, with the cursor of the next when more rows follow; {@code sort} is the
     * request's sort (for the cursor), {@code sortName} the field or system column it names.
     */
    @Transactional
    public RecordPage page(RecordType type, PageRequest page, String sort, String sortName) {
        return onePage(type, page, sort, sortName);
    }

    private RecordPage onePage(RecordType type, PageRequest page, String sort, String sortName) {
        try {
            List<JsonObject> rows = store.page(type, page);
            String next = null;
            if (rows.size() > page.limit()) {
                rows = rows.subList(0, page.limit());
                JsonObject last = rows.get(rows.size() - 1);
                next = new PageCursor(sort, text(last.get(sortName)), UUID.fromString(last.getString("id"))).encode();
            }
            if (audited(type)) {
                audit.append(AuditEvent.success(type.path().toString(), "record.list", type.path().toString(),
                        Jsonp.createObjectBuilder().add("returned", rows.size()).build()));
            }
            return new RecordPage(rows.stream().map(r -> keys.masking().mask(type, r)).toList(), next);
        } catch (SQLException e) {
            throw failure(e, "The records could not be listed.");
        }
    }

    private static RuntimeException failure(SQLException e, String message) {
        return StaleRecordType.or(e, () -> new VelocityException(ErrorCode.INTERNAL_ERROR, message));
    }

    private static String text(JsonValue v) {
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        if (v instanceof JsonNumber n) {
            return n.bigDecimalValue().toPlainString();
        }
        return v.toString();
    }
}
