package sh.velocity.records.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.io.StringReader;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.records.domain.search.IndexNames;
import sh.velocity.records.domain.search.SearchEngine;
import sh.velocity.records.domain.search.SearchEngine.IndexOperation;
import sh.velocity.records.infrastructure.persistence.JdbcOutbox;
import sh.velocity.schema.api.RecordType;

/**
 * One relay step per transaction: claim a batch of a record type's unpublished outbox rows (locked,
 * others skip them), write them to the engine in outbox order, and mark them published, in that
 * order, so a row is marked only after the engine took it. If the engine fails, the transaction rolls
 * back and the rows are claimed again later: at least once, and idempotent through the external
 * versions. Only the search fields go to the engine, taken from the outbox's masked payload.
 */
@ApplicationScoped
public class SearchIndexing {

    @Inject
    JdbcOutbox outbox;

    @Inject
    SearchHealth health;

    private final Set<String> ensured = ConcurrentHashMap.newKeySet();

    /** Publishes at most {@code limit} rows; returns how many. */
    @Transactional(value = TxType.REQUIRES_NEW, rollbackOn = SQLException.class)
    public int publishBatch(RecordType type, int limit) throws SQLException {
        SearchEngine engine = health.engine().orElseThrow();
        String index = IndexNames.of(type.path());
        List<JdbcOutbox.OutboxRow> rows = outbox.claim(type, limit);
        if (rows.isEmpty()) {
            return 0;
        }
        String mapping = index + "|" + String.join(",", type.searchFields());
        if (!ensured.contains(mapping)) {
            engine.ensureIndex(index, type.searchFields());
            ensured.add(mapping);
        }
        List<IndexOperation> ops = new ArrayList<>(rows.size());
        List<Long> ids = new ArrayList<>(rows.size());
        for (JdbcOutbox.OutboxRow r : rows) {
            ops.add(operation(type, r));
            ids.add(r.id());
        }
        engine.apply(index, ops);
        outbox.markPublished(type, ids);
        health.indexed(rows.size());
        return rows.size();
    }

    @Transactional(TxType.REQUIRES_NEW)
    public JdbcOutbox.Lag lag(RecordType type) throws SQLException {
        return outbox.lag(type);
    }

    /** The lags of {@code types}, in their order, in one statement. */
    @Transactional(TxType.REQUIRES_NEW)
    public List<JdbcOutbox.Lag> lags(List<RecordType> types) throws SQLException {
        return outbox.lags(types);
    }

    @Transactional(TxType.REQUIRES_NEW)
    public JdbcOutbox.State outboxState(RecordType type, boolean countLive) throws SQLException {
        return outbox.state(type, countLive);
    }

    /** Drops the record type's index and replays its whole outbox into a new one; returns the rows replayed. */
    @Transactional(TxType.REQUIRES_NEW)
    public long rebuild(RecordType type) throws SQLException {
        SearchEngine engine = health.engine().orElseThrow();
        String index = IndexNames.of(type.path());
        engine.dropIndex(index);
        ensured.removeIf(m -> m.startsWith(index + "|"));
        engine.ensureIndex(index, type.searchFields());
        ensured.add(index + "|" + String.join(",", type.searchFields()));
        return outbox.replayAll(type);
    }

    /** Forgets which indexes exist (after the engine lost them, a rebuild elsewhere, a mapping change). */
    public void forgetIndexes() {
        ensured.clear();
    }

    static IndexOperation operation(RecordType type, JdbcOutbox.OutboxRow r) {
        String id = r.aggregateId().toString();
        if ("deleted".equals(r.eventType())) {
            return IndexOperation.delete(id, r.version());
        }
        JsonObject payload;
        try (JsonReader reader = Jsonp.createReader(new StringReader(r.payload()))) {
            payload = reader.readObject();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String f : type.searchFields()) {
            JsonValue v = payload.get(f);
            if (v instanceof JsonString s) {
                fields.put(f, s.getString());
            }
        }
        return IndexOperation.upsert(id, r.version(), fields);
    }
}
