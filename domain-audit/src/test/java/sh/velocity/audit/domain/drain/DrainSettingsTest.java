package sh.velocity.audit.domain.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Durations as operators write them, bounds that keep a drain sane, and the chain filter. */
class DrainSettingsTest {

    @Test
    void durationsReadWithOrWithoutUnit() {
        assertEquals(Duration.ofMillis(750), DrainSettings.parseDuration("750ms"));
        assertEquals(Duration.ofSeconds(5), DrainSettings.parseDuration("5s"));
        assertEquals(Duration.ofSeconds(5), DrainSettings.parseDuration(" 5 ".trim()));
        assertEquals(Duration.ofMinutes(2), DrainSettings.parseDuration("2M"));
        assertEquals(Duration.ofHours(1), DrainSettings.parseDuration("1h"));
        assertThrows(IllegalArgumentException.class, () -> DrainSettings.parseDuration("5 seconds"));
        assertThrows(IllegalArgumentException.class, () -> DrainSettings.parseDuration("-1s"));
    }

    @Test
    void outOfRangeSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> settings(0, "5s"));
        assertThrows(IllegalArgumentException.class, () -> settings(1001, "5s"));
        assertThrows(IllegalArgumentException.class, () -> settings(10, "10ms"));
        assertThrows(IllegalArgumentException.class, () -> new DrainSettings("Bad Name", 10, Duration.ofSeconds(1),
                Duration.ofSeconds(1), List.of()));
    }

    @Test
    void noPrefixMeansEveryChainElseOnlyChainsStartingWithOne() {
        assertTrue(settings(10, "1s").includes("anything/at/all"));
        DrainSettings some = new DrainSettings("webhook", 10, Duration.ofSeconds(1), Duration.ofSeconds(1),
                List.of(" platform", "acme/", " "));
        assertTrue(some.includes("platform"));
        assertTrue(some.includes("acme/supply-chain/procurement/purchase-order/v1"));
        assertFalse(some.includes("globex/hr/people/employee/v1"));
    }

    private static DrainSettings settings(int batch, String interval) {
        return new DrainSettings("webhook", batch, DrainSettings.parseDuration(interval), Duration.ofSeconds(10),
                List.of());
    }
}
