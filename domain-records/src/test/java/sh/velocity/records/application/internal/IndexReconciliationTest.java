package sh.velocity.records.application.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import sh.velocity.records.application.internal.IndexReconciliation.Finding;
import sh.velocity.records.application.internal.IndexReconciliation.Verdict;
import sh.velocity.records.infrastructure.persistence.JdbcOutbox.State;

/**
 * The reconciler judges only a quiet outbox. Seen in a load run before this check existed: an index
 * that was merely behind (36 creates committed after the relay's last pass) was taken for drifted,
 * dropped and replayed from scratch while the writes went on.
 */
class IndexReconciliationTest {

    private final Deque<State> looks = new ArrayDeque<>();
    private final List<Boolean> countedLive = new ArrayList<>();
    private int indexCounts;

    @Test
    void aQuietOutboxAndAMatchingIndexAreInStep() throws Exception {
        looks.add(new State(120, 120, 0, -1));
        looks.add(new State(120, 120, 0, 100));

        Finding finding = check(100);

        assertEquals(new Finding(Verdict.IN_STEP, 100, 100), finding);
        assertEquals(List.of(false, true), countedLive, "only the second look counts the live records");
        assertEquals(1, indexCounts);
    }

    @Test
    void aQuietOutboxAndAnIndexMissingDocumentsHasDrifted() throws Exception {
        looks.add(new State(120, 120, 0, -1));
        looks.add(new State(120, 120, 0, 100));

        assertEquals(new Finding(Verdict.DRIFTED, 100, 97), check(97));
    }

    @Test
    void anIndexHoldingMoreDocumentsThanLiveRecordsHasDriftedToo() throws Exception {
        looks.add(new State(120, 120, 0, -1));
        looks.add(new State(120, 120, 0, 100));

        assertEquals(Verdict.DRIFTED, check(103).verdict());
    }

    @Test
    void unpublishedRowsAtTheFirstLookAreNotJudgedAndTheIndexIsNotCounted() throws Exception {
        looks.add(new State(5_929, 5_929, 36, -1));

        assertEquals(new Finding(Verdict.BUSY, -1, -1), check(5_893));
        assertEquals(0, indexCounts);
        assertEquals(List.of(false), countedLive);
    }

    @Test
    void aCreatePublishedWhileTheIndexWasCountedIsNotDrift() throws Exception {
        looks.add(new State(5_893, 5_893, 0, -1));
        looks.add(new State(5_929, 5_929, 0, 5_929)); // created and published by another server meanwhile

        assertEquals(Verdict.BUSY, check(5_911).verdict());
    }

    @Test
    void aPublishStillInFlightAtTheSecondLookIsNotDrift() throws Exception {
        // the engine took the new document; its outbox row is not marked yet
        looks.add(new State(100, 100, 0, -1));
        looks.add(new State(101, 101, 1, 101));

        assertEquals(Verdict.BUSY, check(101).verdict());
    }

    @Test
    void aRowCommittedOutOfIdOrderIsSeenByTheRowCount() throws Exception {
        // id 100 was taken before id 101 but committed after it: the highest id does not move
        looks.add(new State(100, 101, 0, -1));
        looks.add(new State(101, 101, 0, 90));

        assertEquals(Verdict.BUSY, check(91).verdict());
    }

    @Test
    void aReplayStartedByAnotherServerIsNotDrift() throws Exception {
        // another server rebuilt the index meanwhile: every row is unpublished again, the index empty
        looks.add(new State(120, 120, 0, -1));
        looks.add(new State(120, 120, 120, 100));

        assertEquals(Verdict.BUSY, check(0).verdict());
    }

    private Finding check(long documents) throws Exception {
        return IndexReconciliation.check(countLive -> {
            countedLive.add(countLive);
            return looks.remove();
        }, () -> {
            indexCounts++;
            return documents;
        });
    }
}
