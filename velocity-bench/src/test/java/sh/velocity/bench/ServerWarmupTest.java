package sh.velocity.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerWarmupTest {

    @Test
    void fewerThanThreeWindowsAlwaysClimb() {
        assertTrue(RecordsBenchmark.stillClimbing(windows()));
        assertTrue(RecordsBenchmark.stillClimbing(windows(500)));
        assertTrue(RecordsBenchmark.stillClimbing(windows(500, 400)));
    }

    @Test
    void aRateStillRisingClimbs() {
        assertTrue(RecordsBenchmark.stillClimbing(windows(300, 400, 500)));
    }

    @Test
    void aRateThatLevelledOffStops() {
        assertFalse(RecordsBenchmark.stillClimbing(windows(300, 600, 610, 590)));
    }

    @Test
    void oneSlowWindowDoesNotStopARisingRate() {
        assertTrue(RecordsBenchmark.stillClimbing(windows(300, 600, 550, 700)));
        assertTrue(RecordsBenchmark.stillClimbing(windows(300, 600, 700, 550)));
    }

    private static List<LoadRun.Result> windows(double... rates) {
        return Arrays.stream(rates).mapToObj(rate -> new LoadRun.Result("server warm-up", 16, 30, (long) (rate * 30),
                0, Map.of(), List.of(), null, "", "", "", null, null)).toList();
    }
}
