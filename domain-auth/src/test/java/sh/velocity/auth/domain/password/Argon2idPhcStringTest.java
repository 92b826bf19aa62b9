package sh.velocity.auth.domain.password;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Argon2idPhcStringTest {

    private static final String REFERENCE =
            "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";

    @Test
    void parsesTheStoredParametersSaltAndHash() {
        Argon2idPhcString phc = Argon2idPhcString.parse(REFERENCE).orElseThrow();
        assertEquals(new Argon2idParameters(65_536, 2, 1), phc.parameters());
        assertArrayEquals("somesalt".getBytes(StandardCharsets.US_ASCII), phc.salt());
        assertEquals("09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7",
                HexFormat.of().formatHex(phc.hash()));
    }

    @Test
    void formatsBackToTheSameString() {
        assertEquals(REFERENCE, Argon2idPhcString.parse(REFERENCE).orElseThrow().toString());
    }

    @Test
    void cannotBeChangedThroughItsArrays() {
        byte[] salt = "somesalt".getBytes(StandardCharsets.US_ASCII);
        Argon2idPhcString phc = new Argon2idPhcString(Argon2idParameters.DEFAULTS, salt, new byte[32]);
        salt[0] = 'X';
        phc.hash()[0] = 1;
        phc.salt()[1] = 'Y';
        assertArrayEquals("somesalt".getBytes(StandardCharsets.US_ASCII), phc.salt());
        assertArrayEquals(new byte[32], phc.hash());
        assertEquals(phc, new Argon2idPhcString(Argon2idParameters.DEFAULTS, phc.salt(), phc.hash()));
    }

    @Test
    void theLargestAcceptedParametersParse() {
        assertTrue(Argon2idPhcString.parse("$argon2id$v=19$m=1048576,t=10,p=16$c29tZXNhbHQ$"
                + "CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc").isPresent());
    }
}
