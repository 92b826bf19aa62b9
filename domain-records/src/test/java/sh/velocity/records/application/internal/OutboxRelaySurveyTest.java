package sh.velocity.records.application.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import sh.velocity.kernel.SchemaPath;
import sh.velocity.records.domain.search.SearchEngine;
import sh.velocity.records.infrastructure.persistence.JdbcOutbox;
import sh.velocity.schema.api.RecordType;

/**
 * A relay pass surveys every tier-3 outbox at once and spends statements only on the record types
 * with something to publish: before, an idle pass ran two statements per type every two seconds on
 * every replica. A failed survey does not stop the pass; it looks at each type on its own, as before.
 */
class OutboxRelaySurveyTest {

    private static final RecordType QUIET = type("quiet");
    private static final RecordType BUSY = type("busy");
    private static final RecordType ALSO_QUIET = type("also-quiet");

    private final Indexing indexing = new Indexing();
    private final Health health = new Health();
    private final OutboxRelay relay = new OutboxRelay();

    OutboxRelaySurveyTest() {
        relay.types = new Searched(List.of(QUIET, BUSY, ALSO_QUIET));
        relay.indexing = indexing;
        relay.health = health;
        relay.batchSize = 500;
    }

    @Test
    void onlyTheTypesWithUnpublishedRowsCostStatementsOfTheirOwn() {
        indexing.behind.put("busy", new JdbcOutbox.Lag(3, 1.5));

        relay.pass();

        assertEquals(List.of("survey of 3", "publish busy", "lag busy"), indexing.calls);
        assertEquals(Map.of("quiet", 0L, "busy", 0L, "also-quiet", 0L), health.unpublished());
    }

    @Test
    void anIdlePassIsOneSurvey() {
        relay.pass();

        assertEquals(List.of("survey of 3"), indexing.calls);
    }

    @Test
    void theSurveyAsksAHundredTypesAtATimeAndKeepsTheirOrder() {
        List<RecordType> many = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            many.add(type("t" + i));
        }
        relay.types = new Searched(many);
        indexing.behind.put("t0", new JdbcOutbox.Lag(1, 1));
        indexing.behind.put("t100", new JdbcOutbox.Lag(2, 1));
        indexing.behind.put("t249", new JdbcOutbox.Lag(3, 1));

        relay.pass();

        assertEquals(List.of("survey of 100", "survey of 100", "survey of 50", "publish t0", "lag t0", "publish t100",
                "lag t100", "publish t249", "lag t249"), indexing.calls);
        assertEquals(250, health.unpublished().size());
    }

    @Test
    void withTheEngineDownTheSurveysLagsAreRecordedAndNothingIsPublished() {
        indexing.behind.put("busy", new JdbcOutbox.Lag(7, 42));
        health.up = false;
        health.reachable = false;

        relay.pass();

        assertEquals(List.of("survey of 3"), indexing.calls);
        assertEquals(7L, health.unpublished().get("busy"));
    }

    @Test
    void aFailedSurveyFallsBackToEachTypeOnItsOwn() {
        indexing.surveyFails = true;

        relay.pass();

        assertEquals(List.of("survey of 3", "publish quiet", "lag quiet", "publish busy", "lag busy",
                "publish also-quiet", "lag also-quiet"), indexing.calls);
        assertEquals(3, health.unpublished().size());
    }

    private static RecordType type(String name) {
        return new RecordType(SchemaPath.parse("acme/supply-chain/procurement/" + name + "/v1"), 1, List.of(),
                List.of(), 3, List.of());
    }

    private static String name(RecordType type) {
        return type.path().toString().split("/")[3];
    }

    /** Records the statements the relay asks for; a type not in {@code behind} has nothing unpublished. */
    private static final class Indexing extends SearchIndexing {
        final List<String> calls = new ArrayList<>();
        final Map<String, JdbcOutbox.Lag> behind = new java.util.HashMap<>();
        boolean surveyFails;

        @Override
        public List<JdbcOutbox.Lag> lags(List<RecordType> types) throws SQLException {
            calls.add("survey of " + types.size());
            if (surveyFails) {
                throw new SQLException("relation does not exist");
            }
            return types.stream().map(t -> behind.getOrDefault(name(t), new JdbcOutbox.Lag(0, 0))).toList();
        }

        @Override
        public int publishBatch(RecordType type, int limit) {
            calls.add("publish " + name(type));
            return 0;
        }

        @Override
        public JdbcOutbox.Lag lag(RecordType type) {
            calls.add("lag " + name(type));
            return new JdbcOutbox.Lag(0, 0);
        }
    }

    /** An engine that is configured; up and reachable unless told otherwise. */
    private static final class Health extends SearchHealth {
        boolean up = true;
        boolean reachable = true;
        private final Map<String, JdbcOutbox.Lag> seen = new java.util.LinkedHashMap<>();

        @Override
        public Optional<SearchEngine> engine() {
            return Optional.of(new SearchEngine() {
                @Override
                public boolean reachable() {
                    return reachable;
                }

                @Override
                public void ensureIndex(String index, List<String> fields) {
                }

                @Override
                public void dropIndex(String index) {
                }

                @Override
                public void apply(String index, List<IndexOperation> operations) {
                }

                @Override
                public List<String> search(String index, List<String> fields, String query, int limit) {
                    return List.of();
                }

                @Override
                public long count(String index) {
                    return 0;
                }
            });
        }

        @Override
        public boolean engineUp() {
            return up;
        }

        @Override
        public void engineAnswered() {
            up = true;
        }

        @Override
        public void lag(RecordType type, JdbcOutbox.Lag lag) {
            seen.put(name(type), lag);
        }

        Map<String, Long> unpublished() {
            return seen.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().unpublished()));
        }
    }

    private static final class Searched extends NoRecordTypes {
        private final List<RecordType> searched;

        Searched(List<RecordType> searched) {
            this.searched = searched;
        }

        @Override
        public List<RecordType> searchedByEngine() {
            return searched;
        }
    }
}
