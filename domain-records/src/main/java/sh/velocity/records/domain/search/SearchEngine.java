package sh.velocity.records.domain.search;

import java.util.List;
import java.util.Map;

/**
 * Tier 3: an external search engine fed from the outbox. Small on purpose, so another engine than
 * OpenSearch can be added behind it. Every method either does what it says or throws
 * {@link SearchEngineUnavailable}; none returns a partial answer silently.
 *
 * <p>Documents carry only the record type's search fields (never a sensitive field: admission
 * refuses those) and are versioned externally by the record's version, so a replayed or reordered
 * operation never brings a document back to an older version.
 */
public interface SearchEngine {

    /** Whether the engine answers at all, within a short timeout. */
    boolean reachable();

    /** Creates the index with the search fields mapped as text, if it does not exist. */
    void ensureIndex(String index, List<String> fields);

    /** Drops the index and everything in it (a rebuild starts from nothing). */
    void dropIndex(String index);

    /**
     * Applies the operations in order. An operation refused because the engine already holds a
     * newer version (or, for a delete, nothing) counts as applied.
     */
    void apply(String index, List<IndexOperation> operations);

    /** Ids of the best matches, best first, at most {@code limit}. An index that does not exist has none. */
    List<String> search(String index, List<String> fields, String query, int limit);

    /** Documents in the index (refreshed first, so recent writes count). */
    long count(String index);

    /** One write: a document (id, version, search fields) or a deletion (id, version). */
    record IndexOperation(String id, long version, Map<String, String> fields, boolean delete) {

        public static IndexOperation upsert(String id, long version, Map<String, String> fields) {
            return new IndexOperation(id, version, Map.copyOf(fields), false);
        }

        public static IndexOperation delete(String id, long version) {
            return new IndexOperation(id, version, Map.of(), true);
        }
    }

    /** The engine could not be reached or refused the request; the message names no secret. */
    final class SearchEngineUnavailable extends RuntimeException {

        private static final long serialVersionUID = 1L;

        public SearchEngineUnavailable(String message) {
            super(message);
        }

        public SearchEngineUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
