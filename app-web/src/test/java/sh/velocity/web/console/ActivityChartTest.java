package sh.velocity.web.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import sh.velocity.records.api.SearchStatus.LagSample;

class ActivityChartTest {

    private static final Instant NOW = Instant.parse("2026-11-22T13:30:42Z");
    private static final Instant LAST = Instant.parse("2026-11-22T13:30:00Z");

    @Test
    void sixtyMinutesEndingWithTheCurrentOne() {
        ActivityChart chart = ActivityChart.of(NOW, new TreeMap<>(), Map.of(), false);
        assertEquals(60, chart.getMinutes().size());
        assertEquals(Instant.parse("2026-11-22T12:31:00Z"), ActivityChart.windowStart(NOW));
        assertEquals("12:31", chart.getFrom());
        assertEquals("13:31", chart.getTo());
        assertTrue(chart.getBars().isEmpty());
        assertEquals("", chart.getLagPoints());
        assertEquals("Last hour, 12:31 to 13:31 UTC: 0 record writes. No search-engine record type to show the "
                + "outbox lag of.", chart.getSummary());
    }

    @Test
    void writesAreBarsAndTheWorstLagOfTheShownTypesIsTheLine() {
        TreeMap<Instant, Long> writes = new TreeMap<>(Map.of(LAST, 4L, LAST.minusSeconds(600), 8L));
        Map<String, List<LagSample>> lags = Map.of(
                "a/b/c/d/v1", List.of(new LagSample(LAST.minusSeconds(60), 2, 1.0), new LagSample(LAST, 1, 0.5)),
                "a/b/c/e/v1", List.of(new LagSample(LAST, 3, 2.5)));
        ActivityChart chart = ActivityChart.of(NOW, writes, lags, true);
        assertEquals(12, chart.getTotalWrites());
        assertEquals(8, chart.getMaxWrites());
        assertEquals(2, chart.getBars().size());
        assertEquals("160.0", chart.getBars().get(0).height(), "the peak is the full height");
        assertEquals(2, chart.getLagSamples());
        assertEquals(2, chart.getLagPoints().split(" ").length);
        ActivityChart.Minute last = chart.getMinutes().get(59);
        assertEquals(4, last.writes());
        assertEquals(4L, last.unpublished(), "unpublished events are summed over the types");
        assertEquals(2.5, last.lagSeconds(), "the age is the worst of the types");
        assertEquals("Last hour, 12:31 to 13:31 UTC: 12 record writes, at most 8 in a minute (13:20). Outbox lag on "
                + "this server: worst 2.5 s, latest 2.5 s (4 unpublished) at 13:30, from 2 minute samples.",
                chart.getSummary());
    }
}
