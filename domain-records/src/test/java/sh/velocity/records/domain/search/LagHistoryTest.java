package sh.velocity.records.domain.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LagHistoryTest {

    private static final Instant T = Instant.parse("2026-11-22T12:00:00Z");

    @Test
    void keepsTheWorstMeasurementOfEachMinute() {
        LagHistory history = new LagHistory();
        history.record("a/b/c/d/v1", T.plusSeconds(2), 3, 1.5);
        history.record("a/b/c/d/v1", T.plusSeconds(30), 7, 0.5);
        history.record("a/b/c/d/v1", T.plusSeconds(58), 1, 4.0);
        history.record("a/b/c/d/v1", T.plusSeconds(61), 0, 0);
        List<LagHistory.Sample> samples = history.since(T.plusSeconds(90)).get("a/b/c/d/v1");
        assertEquals(List.of(new LagHistory.Sample(T, 7, 4.0), new LagHistory.Sample(T.plusSeconds(60), 0, 0)), samples);
    }

    @Test
    void keepsOneHourAndForgetsPathsWithoutSamples() {
        LagHistory history = new LagHistory();
        for (int minute = 0; minute < 90; minute++) {
            history.record("a/b/c/d/v1", T.plusSeconds(minute * 60L), minute, 0);
        }
        history.record("a/b/c/e/v1", T, 1, 1);
        List<LagHistory.Sample> samples = history.since(T.plusSeconds(89 * 60L)).get("a/b/c/d/v1");
        assertEquals(60, samples.size());
        assertEquals(T.plusSeconds(30 * 60L), samples.get(0).minute());
        assertEquals(89, samples.get(59).unpublished());
        assertTrue(!history.since(T.plusSeconds(89 * 60L)).containsKey("a/b/c/e/v1"));
    }

    @Test
    void aMeasurementFromAnEarlierMinuteThanTheLastIsIgnored() {
        LagHistory history = new LagHistory();
        history.record("p", T.plusSeconds(120), 1, 1);
        history.record("p", T, 9, 9);
        assertEquals(1, history.since(T.plusSeconds(150)).get("p").size());
    }
}
