package sh.velocity.auth.domain.totp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Base32Test {

    /** RFC 4648 §10, without the padding that {@link Base32#encode} leaves off. */
    @ParameterizedTest
    @CsvSource({"'', ''", "f, MY", "fo, MZXQ", "foo, MZXW6", "foob, MZXW6YQ", "fooba, MZXW6YTB", "foobar, MZXW6YTBOI"})
    void encodesTheRfc4648Vectors(String plain, String encoded) {
        assertEquals(encoded, Base32.encode(plain.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(plain, new String(Base32.decode(encoded), StandardCharsets.US_ASCII));
    }

    @ParameterizedTest
    @CsvSource({"MY======, f", "MZXQ====, fo", "MZXW6===, foo", "MZXW6YQ=, foob", "MZXW6YTBOI======, foobar",
            "mzxw6ytboi, foobar", "MZXW 6YTB OI, foobar", "mzXW 6ytb oi==, foobar"})
    void decodesPaddingLowerCaseAndSpaces(String encoded, String plain) {
        assertEquals(plain, new String(Base32.decode(encoded), StandardCharsets.US_ASCII));
    }

    @Test
    void roundTripsEveryLength() {
        Random random = new Random(6238);
        for (int length = 0; length <= 64; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            String encoded = Base32.encode(data);
            assertEquals((length * 8 + 4) / 5, encoded.length());
            assertArrayEquals(data, Base32.decode(encoded));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"M", "MZX", "MZXW6Y", "MZXW1", "MZXW0", "MZ=XW", "MZXW6-YTB", "MZXW\u00C96", "MZXW\u01316YQ"})
    void refusesWhatNoEncoderProducesWithoutEchoingIt(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Base32.decode(text));
        assertFalse(e.getMessage().contains(text), e.getMessage());
    }

    @Test
    void refusesAMissingText() {
        assertThrows(IllegalArgumentException.class, () -> Base32.decode(null));
    }
}
