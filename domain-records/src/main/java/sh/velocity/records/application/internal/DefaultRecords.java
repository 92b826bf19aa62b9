package sh.velocity.records.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.auth.api.Authorizer;
import sh.velocity.auth.api.Verb;
import sh.velocity.kernel.SchemaPath;
import sh.velocity.kernel.db.CommitFailure;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.FieldError;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.kernel.request.RequestContext;
import sh.velocity.records.api.ListQuery;
import sh.velocity.records.api.RecordPage;
import sh.velocity.records.api.Records;
import sh.velocity.records.api.SearchResult;
import sh.velocity.records.domain.search.IndexNames;
import sh.velocity.records.domain.search.SearchEngine;
import sh.velocity.records.domain.PageCursor;
import sh.velocity.records.domain.PageRequest;
import sh.velocity.records.domain.RecordValidator;
import sh.velocity.schema.api.FieldSpec;
import sh.velocity.schema.api.RecordRules;
import sh.velocity.schema.api.RecordType;
import sh.velocity.schema.api.RecordTypes;

/**
 * Records under the request's principal. Writes need their verb (checked first, in the write's
 * transaction, so the caller gets 403 before any validation; row-level security checks it again in
 * the database). Reads rely on row-level security
 * alone: without a binding a list is empty and a record is "not found", exactly as in psql.
 * Reads of a schema with masked fields are audited; an unmasked read needs {@code unmask} and is
 * audited as such ({@link RecordReads}). A refused or failed write is audited in its own
 * transaction. Creates, gets, lists, searches, updates and deletes take the record type as this
 * server holds it and confirm its generation in their own statement ({@link #onCurrentType}); the
 * index rebuild, an administrator's operation that reads only the outbox, asks the registry.
 */
@ApplicationScoped
public class DefaultRecords implements Records {

    /** Refusals that depend on the record type, which a newer generation might not make. */
    private static final Set<ErrorCode> REFUSED_BY_TYPE = EnumSet.of(ErrorCode.VALIDATION_FAILED,
            ErrorCode.CEL_TIMEOUT, ErrorCode.INVALID_REQUEST);

    private static final Map<String, String> SYSTEM_SORTS = Map.of("createdAt", "created_at", "updatedAt", "updated_at");

    @Inject
    SearchHealth searchHealth;

    @Inject
    RecordTypes types;

    @Inject
    Authorizer authorizer;

    @Inject
    RecordTransactions transactions;

    @Inject
    RecordReads reads;

    @Inject
    RecordRules rules;

    @Inject
    MaskingKeys keys;

    @Inject
    AuditTrail audit;

    @Inject
    RequestContext request;

    @Override
    public JsonObject create(SchemaPath path, JsonObject body) {
        RecordType cached = cached(path);
        return audited(path, "record.create",
                () -> onCurrentType(cached, type -> transactions.create(type, body, rules)));
    }

    /**
     * Serves a request on the type this server holds, without asking first whether it is current:
     * the request's statement confirms the generation in its own transaction. When the type has
     * changed since, the request is served again on the current type: when that check finds it
     * stale (nothing was written or returned), and when the request was refused on that type (a
     * validation, a rule, a field or a search it does not declare), which the current type might
     * not do. A second change in that window answers 409.
     */
    <T> T onCurrentType(RecordType cached, Function<RecordType, T> work) {
        SchemaPath path = cached.path();
        RecordType current;
        try {
            return work.apply(cached);
        } catch (StaleRecordType e) {
            current = type(path);
        } catch (VelocityException e) {
            if (!REFUSED_BY_TYPE.contains(e.code())) {
                throw e;
            }
            current = type(path);
            if (current.generation() == cached.generation()) {
                throw e;
            }
        }
        try {
            return work.apply(current);
        } catch (StaleRecordType e) {
            throw new VelocityException(ErrorCode.CONFLICT, "The record type " + path
                    + " changed twice while the request was served. Nothing was written; send it again.");
        }
    }

    @Override
    public JsonObject update(SchemaPath path, String id, JsonObject patch, Long expectedVersion) {
        RecordType cached = cached(path);
        UUID uuid = id(path, id);
        return audited(path, "record.update",
                () -> onCurrentType(cached, type -> transactions.update(type, uuid, patch, expectedVersion, rules)));
    }

    @Override
    public void delete(SchemaPath path, String id, Long expectedVersion) {
        RecordType cached = cached(path);
        UUID uuid = id(path, id);
        audited(path, "record.delete", () -> onCurrentType(cached, type -> {
            transactions.delete(type, uuid, expectedVersion);
            return null;
        }));
    }

    @Override
    public JsonObject get(SchemaPath path, String id, boolean unmask) {
        UUID uuid = id(path, id);
        return onCurrentType(cached(path), type -> unmask || RecordReads.audited(type)
                ? reads.get(type, uuid, unmask) : reads.unaudited(type, uuid));
    }

    @Override
    public RecordPage list(SchemaPath path, ListQuery query) {
        if (query.limit() < 1 || query.limit() > 1000) {
            throw new VelocityException(ErrorCode.INVALID_REQUEST, "limit must be between 1 and 1000.");
        }
        return onCurrentType(cached(path), type -> listOn(type, query));
    }

    private RecordPage listOn(RecordType type, ListQuery query) {
        String sort = query.sort() == null || query.sort().isBlank() ? "createdAt" : query.sort();
        boolean descending = sort.startsWith("-");
        String sortName = descending ? sort.substring(1) : sort;
        String column = sortColumn(type, sortName);
        Map<String, Object> filters = new LinkedHashMap<>();
        query.filters().forEach((field, text) -> {
            FieldSpec f = queryable(type, field, "filter[" + field + "]");
            filters.put(f.name(), RecordValidator.fromText(f, text, "filter[" + field + "]"));
        });
        PageRequest page;
        if (query.cursor() == null || query.cursor().isBlank()) {
            page = new PageRequest(column, descending, filters, false, null, null, query.limit());
        } else {
            PageCursor c = PageCursor.decode(query.cursor(), sort);
            page = new PageRequest(column, descending, filters, true, c.value() == null ? null
                    : sortValue(type, sortName, c.value()), c.id(), query.limit());
        }
        return RecordReads.audited(type) ? reads.page(type, page, sort, sortName)
                : reads.unauditedPage(type, page, sort, sortName);
    }

    /** Longest search query accepted, in characters. */
    static final int MAX_QUERY_LENGTH = 500;

    /**
     * Outside a transaction: the engine's ranking (tier 3) is fetched first, then the rows are read
     * in a short transaction of their own ({@link SearchReads}), so a slow engine never keeps a
     * database connection idle in a transaction.
     */
    @Override
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public SearchResult search(SchemaPath path, String q, int limit) {
        if (limit < 1 || limit > 1000) {
            throw new VelocityException(ErrorCode.INVALID_REQUEST, "limit must be between 1 and 1000.");
        }
        String query = q == null ? "" : q.strip();
        if (query.isEmpty() || query.length() > MAX_QUERY_LENGTH) {
            throw new VelocityException(ErrorCode.INVALID_REQUEST, "q is required, at most " + MAX_QUERY_LENGTH
                    + " characters.");
        }
        return onCurrentType(cached(path), type -> searchOn(type, query, limit));
    }

    private SearchResult searchOn(RecordType type, String query, int limit) {
        if (type.searchFields().isEmpty()) {
            throw new VelocityException(ErrorCode.INVALID_REQUEST, "The record type " + type.path()
                    + " declares no search fields (spec.search.fields).");
        }
        List<JsonObject> rows = null;
        int tier = 2;
        if (type.searchTier() == 3) {
            Optional<String> cause = searchHealth.unusable(type);
            if (cause.isEmpty()) {
                try {
                    List<String> ranked = searchHealth.engine().orElseThrow()
                            .search(IndexNames.of(type.path()), type.searchFields(), query, limit);
                    rows = searchReads.ranked(type, ranked, query);
                    tier = 3;
                } catch (SearchEngine.SearchEngineUnavailable e) {
                    searchHealth.engineFailed(e.getMessage());
                    cause = Optional.of(e.getMessage());
                }
            }
            if (rows == null && searchHealth.engine().isPresent()) {
                searchHealth.fellBack(type, cause.orElse("unknown"));
            }
        }
        if (rows == null) {
            rows = searchReads.fullText(type, query, limit);
        }
        return new SearchResult(rows.stream().map(r -> keys.masking().mask(type, r)).toList(), tier);
    }

    @Inject
    SearchReads searchReads;

    @Inject
    SearchIndexing indexing;

    @Override
    @Transactional
    public long rebuildSearchIndex(SchemaPath path) {
        authorizer.require(Verb.SCHEMA_APPLY, path.toString(), AuditEvent.PLATFORM_CHAIN, "search.rebuild");
        RecordType type = type(path);
        if (type.searchTier() != 3 || type.searchFields().isEmpty()) {
            throw new VelocityException(ErrorCode.INVALID_REQUEST, path + " is not searched through the search engine "
                    + "(spec.search.tier 3 with search fields).");
        }
        if (searchHealth.engine().isEmpty()) {
            throw new VelocityException(ErrorCode.INVALID_REQUEST, "No search engine is configured (velocity.search.url).");
        }
        try {
            long replayed = indexing.rebuild(type);
            audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, "search.rebuild", path.toString(),
                    Jsonp.createObjectBuilder().add("replayed", replayed).build()));
            return replayed;
        } catch (SearchEngine.SearchEngineUnavailable e) {
            throw new VelocityException(ErrorCode.SEARCH_UNAVAILABLE, "The search engine could not rebuild the index: "
                    + e.getMessage());
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The outbox could not be replayed.");
        }
    }

    /**
     * Runs a write; a refusal or failure not audited yet (a missing permission is audited by the
     * authorizer) is audited in its own transaction, a commit refused by the database (the audit
     * seal failed) included.
     */
    private <T> T audited(SchemaPath path, String operation, Supplier<T> write) {
        try {
            return write.get();
        } catch (VelocityException e) {
            if (!request.refusalAudited()) {
                audit.appendIndependently(AuditEvent.failure(path.toString(), operation, path.toString(),
                        e.code().name()));
            }
            throw e;
        } catch (RuntimeException e) {
            VelocityException failed = CommitFailure.recognise(e);
            if (failed == null) {
                throw e;
            }
            audit.appendIndependently(AuditEvent.failure(path.toString(), operation, path.toString(),
                    failed.code().name()));
            throw failed;
        }
    }

    private static String sortColumn(RecordType type, String name) {
        if (SYSTEM_SORTS.containsKey(name)) {
            return SYSTEM_SORTS.get(name);
        }
        return queryable(type, name, "sort").name();
    }

    /**
     * A declared, unmasked field: masked values may not be filtered or sorted on (an oracle), and
     * encrypted ones cannot be (the database holds only ciphertext).
     */
    private static FieldSpec queryable(RecordType type, String name, String parameter) {
        FieldSpec f = type.field(name).orElseThrow(() -> new VelocityException(ErrorCode.VALIDATION_FAILED,
                parameter + " names no field of " + type.path() + ".",
                List.of(new FieldError(parameter, "not a field of " + type.path()))));
        if (f.encrypted()) {
            throw new VelocityException(ErrorCode.VALIDATION_FAILED, parameter + ": '" + name + "' is encrypted at rest ("
                    + f.sensitivity() + ") and cannot be filtered or sorted on.",
                    List.of(new FieldError(parameter, "encrypted field")));
        }
        if (f.masked()) {
            throw new VelocityException(ErrorCode.VALIDATION_FAILED, parameter + ": '" + name
                    + "' is masked and cannot be filtered or sorted on.",
                    List.of(new FieldError(parameter, "masked field")));
        }
        return f;
    }

    private static Object sortValue(RecordType type, String name, String text) {
        if (SYSTEM_SORTS.containsKey(name)) {
            try {
                return OffsetDateTime.parse(text);
            } catch (DateTimeParseException e) {
                throw new VelocityException(ErrorCode.INVALID_REQUEST, "cursor is not one this server issued.");
            }
        }
        return RecordValidator.fromText(queryable(type, name, "sort"), text, "cursor");
    }

    private RecordType cached(SchemaPath path) {
        return types.cached(path).orElseThrow(() -> notFound(path));
    }

    private RecordType type(SchemaPath path) {
        return types.find(path).orElseThrow(() -> notFound(path));
    }

    private static UUID id(SchemaPath path, String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw notFound(path);
        }
    }

    private static VelocityException notFound(SchemaPath path) {
        return new VelocityException(ErrorCode.NOT_FOUND, "No such record type or record under " + path + ".");
    }
}
