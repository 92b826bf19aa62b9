package sh.velocity.records.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.records.infrastructure.persistence.JdbcRecordStore;
import sh.velocity.schema.api.RecordType;

/**
 * The database half of a search, in its own short transaction: the engine's ranking (tier 3) is
 * fetched before it, so no connection sits idle in a transaction while the engine answers. Rows are
 * read under the caller's row-level security; a search of a type with masked fields is audited in
 * the same transaction, keeping only the query's hash. The type may be this server's cached one:
 * the query confirms its generation, and a type changed since ends the transaction with
 * {@link StaleRecordType} before anything is returned or audited.
 */
@ApplicationScoped
public class SearchReads {

    @Inject
    JdbcRecordStore store;

    @Inject
    AuditTrail audit;

    /**
     * The records the engine ranked, in its order: a hit the caller may not read, one deleted since
     * it was indexed, or an id that is not one of ours, is simply not returned.
     */
    @Transactional
    public List<JsonObject> ranked(RecordType type, List<String> ranked, String query) {
        List<UUID> ids = new ArrayList<>(ranked.size());
        for (String id : ranked) {
            try {
                ids.add(UUID.fromString(id));
            } catch (IllegalArgumentException e) {
                // not one of ours: never shown
            }
        }
        try {
            Map<String, JsonObject> byId = new HashMap<>();
            if (!ids.isEmpty()) {
                for (JsonObject r : store.byIds(type, ids)) {
                    byId.put(r.getString("id"), r);
                }
            }
            List<JsonObject> rows = ranked.stream().map(byId::get).filter(Objects::nonNull).toList();
            audited(type, rows, query, 3);
            return rows;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Tier 2: PostgreSQL full-text search over the generated search column. */
    @Transactional
    public List<JsonObject> fullText(RecordType type, String query, int limit) {
        try {
            List<JsonObject> rows = store.search(type, query, limit);
            audited(type, rows, query, 2);
            return rows;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private void audited(RecordType type, List<JsonObject> rows, String query, int tier) {
        if (type.hasMaskedFields()) {
            var ids = Jsonp.createArrayBuilder();
            rows.forEach(r -> ids.add(r.getString("id")));
            // the query may itself be personal data: only its hash is kept
            audit.append(AuditEvent.success(type.path().toString(), "record.search", type.path().toString(),
                    Jsonp.createObjectBuilder().add("returned", rows.size()).add("ids", ids)
                            .add("querySha256", sha256(query)).add("tier", tier).build()));
        }
    }

    private static RuntimeException failed(SQLException e) {
        return StaleRecordType.or(e, () -> new VelocityException(ErrorCode.INTERNAL_ERROR,
                "The records could not be searched."));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
