package sh.velocity.auth.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private final SecureRandom random = new SecureRandom();
    private final SecretBox box = new SecretBox(new byte[32], random);

    @Test
    void opensWhatItSealedForTheSameContext() throws Exception {
        byte[] secret = "JBSWY3DPEHPK3PXP".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(secret, box.open(box.seal(secret, "alice"), "alice"));
    }

    @Test
    void refusesAnotherContextAnAlteredValueAndAnotherKey() {
        byte[] sealed = box.seal(new byte[] {1, 2, 3}, "alice");
        assertThrows(SecretBox.Tampered.class, () -> box.open(sealed, "mallory"));
        byte[] altered = sealed.clone();
        altered[altered.length - 1] ^= 1;
        assertThrows(SecretBox.Tampered.class, () -> box.open(altered, "alice"));
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        assertThrows(SecretBox.Tampered.class, () -> new SecretBox(otherKey, random).open(sealed, "alice"));
        assertThrows(SecretBox.Tampered.class, () -> box.open(new byte[5], "alice"));
    }
}
