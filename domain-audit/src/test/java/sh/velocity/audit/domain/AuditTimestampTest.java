package sh.velocity.audit.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java rendering of {@code created_at} against what PostgreSQL printed: each row is
 * {@code (ts AT TIME ZONE 'UTC')::text} and {@code platform.audit_timestamp(ts)} of one value, as
 * PostgreSQL 15 returned them (session time zone Europe/Berlin, so the UTC conversion is not a
 * no-op). A difference of one character would report an intact event as tampered.
 */
class AuditTimestampTest {

    @ParameterizedTest
    @CsvSource({
        "2026-03-04 10:15:30.123456,    2026-03-04T10:15:30.123456Z",
        "2026-03-04 10:15:31,           2026-03-04T10:15:31.000000Z",
        "2026-03-04 10:15:31.1,         2026-03-04T10:15:31.100000Z",
        "2026-03-04 10:15:31.000001,    2026-03-04T10:15:31.000001Z",
        "2000-02-29 18:29:59.99,        2000-02-29T18:29:59.990000Z",
        "1970-01-01 00:00:00,           1970-01-01T00:00:00.000000Z",
        "0999-12-31 23:59:59.999999,    0999-12-31T23:59:59.999999Z",
        "0001-01-01 00:00:00,           0001-01-01T00:00:00.000000Z",
        "0044-03-15 12:00:00 BC,        0044-03-15T12:00:00.000000Z",
        "0001-01-01 00:00:00.5 BC,      0001-01-01T00:00:00.500000Z",
        "4713-01-01 00:00:00 BC,        4713-01-01T00:00:00.000000Z",
        "12345-06-07 08:09:10.0101,     12345-06-07T08:09:10.010100Z",
        "294276-12-31 23:59:59.999999,  294276-12-31T23:59:59.999999Z",
    })
    void rendersWhatToCharRenders(String iso, String toChar) {
        assertEquals(toChar, AuditTimestamp.render(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"infinity", "-infinity"})
    void infiniteTimestampsAreNullAsToCharMakesThem(String iso) {
        assertNull(AuditTimestamp.render(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2026-03-04", "2026-03-04T10:15:30.123456Z", "2026-03-04 10:15:30+00",
        "2026-03-04 10:15:30.1234567", "2026-03-04 10:15:30.", "26-03-04 10:15:30", "2026-3-04 10:15:30",
        "2026-03-04 10:15", "2026-03-04 10:15:30 AD", "03/04/2026 10:15:30", "2026-03-04 10:15:30.12 BCE"})
    void refusesAnythingElseRatherThanGuess(String text) {
        assertThrows(IllegalArgumentException.class, () -> AuditTimestamp.render(text));
    }
}
