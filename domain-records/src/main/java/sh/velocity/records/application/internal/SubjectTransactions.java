package sh.velocity.records.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.auth.api.Authorizer;
import sh.velocity.auth.api.Verb;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.records.domain.RecordValidator;
import sh.velocity.records.infrastructure.persistence.JdbcRecordStore;
import sh.velocity.schema.api.FieldSpec;
import sh.velocity.schema.api.RecordType;
import sh.velocity.schema.api.RecordTypes;

/**
 * The transactions of a data subject's export and erasure ({@link DefaultDataSubjects}). Each record
 * type is included only where the caller holds the verb (read, or delete) on it, and row-level
 * security narrows it further. Erasure is one transaction across record types: every record goes
 * with its outbox row and its audit event, or nothing goes. The audit log keeps the events, which
 * name record ids and a keyed hash of the subject, never the subject's identifier or data. Each
 * type's read confirms its generation and holds its table until the transaction ends; a type
 * changed since the registry answered ends the transaction with {@link StaleRecordType}, nothing
 * returned, erased or audited.
 */
@ApplicationScoped
public class SubjectTransactions {

    @Inject
    RecordTypes types;

    @Inject
    Authorizer authorizer;

    @Inject
    JdbcRecordStore store;

    @Inject
    MaskingKeys keys;

    @Inject
    AuditTrail audit;

    @Transactional
    public JsonObject export(String subject) {
        JsonArrayBuilder schemas = Jsonp.createArrayBuilder();
        int total = 0;
        try {
            for (SubjectRecords found : subjectRecords(subject, Verb.READ, false)) {
                RecordType type = found.type();
                String path = type.path().toString();
                List<JsonObject> rows = found.rows();
                boolean clear = authorizer.has(Verb.UNMASK, path);
                JsonArrayBuilder records = Jsonp.createArrayBuilder();
                rows.forEach(r -> records.add(clear ? keys.masking().reveal(type, r) : keys.masking().mask(type, r)));
                schemas.add(Jsonp.createObjectBuilder().add("schema", path).add("unmasked", clear)
                        .add("records", records));
                total += rows.size();
            }
        } catch (SQLException e) {
            throw StaleRecordType.or(e, () -> new VelocityException(ErrorCode.INTERNAL_ERROR,
                    "The subject's records could not be read."));
        }
        audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, "subject.export", "subject/" + keys.pseudonym(subject),
                Jsonp.createObjectBuilder().add("records", total).build()));
        return Jsonp.createObjectBuilder().add("subject", subject).add("records", total).add("schemas", schemas).build();
    }

    @Transactional
    public JsonObject erase(String subject) {
        JsonArrayBuilder schemas = Jsonp.createArrayBuilder();
        int total = 0;
        try {
            for (SubjectRecords found : subjectRecords(subject, Verb.DELETE, true)) {
                RecordType type = found.type();
                String path = type.path().toString();
                List<JsonObject> rows = found.rows();
                for (JsonObject row : rows) {
                    UUID id = UUID.fromString(row.getString("id"));
                    long version = row.getJsonNumber("version").longValue();
                    if (!store.delete(type, id)) {
                        throw new VelocityException(ErrorCode.FORBIDDEN, "Row-level security refused an erasure in "
                                + path + "; nothing was erased.");
                    }
                    store.appendOutbox(type, id, version + 1, "deleted",
                            Jsonp.createObjectBuilder().add("id", id.toString()).add("version", version + 1).build());
                    audit.append(AuditEvent.success(path, "record.erase", path + "/" + id,
                            Jsonp.createObjectBuilder().add("id", id.toString()).add("version", version).build()));
                }
                schemas.add(Jsonp.createObjectBuilder().add("schema", path).add("erased", rows.size()));
                total += rows.size();
            }
        } catch (SQLException e) {
            throw StaleRecordType.or(e, () -> new VelocityException(ErrorCode.INTERNAL_ERROR,
                    "The subject's records could not be erased."));
        }
        audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, "subject.erase", "subject/" + keys.pseudonym(subject),
                Jsonp.createObjectBuilder().add("erased", total).build()));
        return Jsonp.createObjectBuilder().add("erased", total).add("schemas", schemas).build();
    }

    /**
     * The subject's records in each record type with a subject field on which the caller holds
     * {@code verb} (row-level security narrows further), locked when they are about to go.
     */
    private List<SubjectRecords> subjectRecords(String subject, String verb, boolean lock) throws SQLException {
        List<SubjectRecords> out = new ArrayList<>();
        for (RecordType type : types.withSubjectIdentifier()) {
            if (!authorizer.has(verb, type.path().toString())) {
                continue;
            }
            FieldSpec field = type.subjectField().orElseThrow();
            Optional<Object> value = value(field, subject);
            if (value.isPresent()) {
                out.add(new SubjectRecords(type, store.bySubject(type, field.name(), value.get(), lock)));
            }
        }
        return out;
    }

    private record SubjectRecords(RecordType type, List<JsonObject> rows) {
    }

    /** The subject as the field's type; empty when it cannot be a value of that field (no record can match). */
    private static Optional<Object> value(FieldSpec field, String subject) {
        try {
            return Optional.of(RecordValidator.fromText(field, subject, "subject"));
        } catch (VelocityException e) {
            return Optional.empty();
        }
    }
}
