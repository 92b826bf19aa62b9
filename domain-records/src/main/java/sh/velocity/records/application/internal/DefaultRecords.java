package sh.velocity.records.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.auth.api.Authorizer;
import sh.velocity.auth.api.Verb;
import sh.velocity.kernel.SchemaPath;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.records.api.RecordPage;
import sh.velocity.records.api.Records;
import sh.velocity.records.domain.RecordValidator;
import sh.velocity.records.infrastructure.persistence.JdbcRecordStore;
import sh.velocity.schema.api.RecordRules;
import sh.velocity.schema.api.RecordType;
import sh.velocity.schema.api.RecordTypes;

/**
 * Records under the request's principal. Writes need the {@code create} permission (checked here
 * so the caller gets 403; row-level security checks it again in the database). Reads rely on
 * row-level security alone: without a binding a list is empty and a record is "not found",
 * exactly as in psql. A refused or failed write is audited in its own transaction.
 */
@ApplicationScoped
public class DefaultRecords implements Records {

    @Inject
    RecordTypes types;

    @Inject
    Authorizer authorizer;

    @Inject
    RecordTransactions transactions;

    @Inject
    RecordRules rules;

    @Inject
    JdbcRecordStore store;

    @Inject
    MaskingKeys keys;

    @Inject
    AuditTrail audit;

    @Override
    public JsonObject create(SchemaPath path, JsonObject body) {
        RecordType type = type(path);
        authorizer.require(Verb.CREATE, path.toString(), path.toString(), "record.create");
        try {
            Map<String, Object> values = RecordValidator.validate(type, body);
            rules.check(type, values);
            return transactions.create(type, values);
        } catch (VelocityException e) {
            audit.appendIndependently(AuditEvent.failure(path.toString(), "record.create", path.toString(),
                    e.code().name()));
            throw e;
        }
    }

    @Override
    @Transactional
    public JsonObject get(SchemaPath path, String id) {
        RecordType type = type(path);
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(path);
        }
        try {
            return store.find(type, uuid).map(r -> keys.masking().mask(type, r)).orElseThrow(() -> notFound(path));
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The record could not be read.");
        }
    }

    @Override
    @Transactional
    public RecordPage list(SchemaPath path, int limit, String cursor) {
        if (limit < 1 || limit > 1000) {
            throw new VelocityException(ErrorCode.INVALID_REQUEST, "limit must be between 1 and 1000.");
        }
        RecordType type = type(path);
        Position after = Position.decode(cursor);
        try {
            List<JsonObject> rows = store.page(type, after.createdAt(), after.id(), limit);
            String next = null;
            if (rows.size() > limit) {
                rows = rows.subList(0, limit);
                JsonObject last = rows.get(limit - 1);
                next = Position.encode(last.getString("createdAt"), last.getString("id"));
            }
            return new RecordPage(rows.stream().map(r -> keys.masking().mask(type, r)).toList(), next);
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The records could not be listed.");
        }
    }

    private RecordType type(SchemaPath path) {
        return types.find(path).orElseThrow(() -> notFound(path));
    }

    private static VelocityException notFound(SchemaPath path) {
        return new VelocityException(ErrorCode.NOT_FOUND, "No such record type or record under " + path + ".");
    }

    /** A page position: the (createdAt, id) of the last record served, opaque to clients. */
    record Position(OffsetDateTime createdAt, UUID id) {

        static Position decode(String cursor) {
            if (cursor == null || cursor.isBlank()) {
                return new Position(null, null);
            }
            try {
                String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int bar = raw.indexOf('|');
                return new Position(OffsetDateTime.parse(raw.substring(0, bar)), UUID.fromString(raw.substring(bar + 1)));
            } catch (IllegalArgumentException | DateTimeParseException | StringIndexOutOfBoundsException e) {
                throw new VelocityException(ErrorCode.INVALID_REQUEST, "cursor is not one this server issued.");
            }
        }

        static String encode(String createdAt, String id) {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
        }
    }
}
