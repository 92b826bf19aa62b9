package sh.velocity.records.domain.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class FieldCipherTest {

    private static final String CARD = "4111111111111111";
    private static final UUID RECORD = UUID.fromString("6f1c2a3e-0000-4000-8000-000000000001");
    private static final FieldContext CONTEXT = new FieldContext("acme/pay/cards/card/v1", RECORD, "card_number");

    private final FieldCipher cipher = new FieldCipher(new SecureRandom());
    private final DataKey v1 = key(1, 1);
    private final DataKey v2 = key(2, 2);
    private final IntFunction<DataKey> ring = v -> Map.of(1, v1, 2, v2).get(v);

    @Test
    void roundTripsUnderTheVersionTheCiphertextNames() throws UnreadableValue {
        String sealed1 = cipher.seal(v1, CARD, CONTEXT).text();
        String sealed2 = cipher.seal(v2, CARD, CONTEXT).text();
        assertTrue(sealed1.startsWith("vfe1.1."), sealed1);
        assertTrue(sealed2.startsWith("vfe1.2."), sealed2);
        assertEquals(CARD, cipher.open(sealed1, CONTEXT, ring));
        assertEquals(CARD, cipher.open(sealed2, CONTEXT, ring));
        assertEquals("", cipher.open(cipher.seal(v1, "", CONTEXT).text(), CONTEXT, ring));
        String unicode = "Grüße, 患者 \uD83D\uDE00";
        assertEquals(unicode, cipher.open(cipher.seal(v1, unicode, CONTEXT).text(), CONTEXT, ring));
    }

    @Test
    void theCiphertextContainsNoPlaintextAndMatchesTheDatabaseCheck() {
        String sealed = cipher.seal(v1, CARD, CONTEXT).text();
        assertFalse(sealed.contains(CARD));
        assertFalse(sealed.contains("1111"));
        // the same pattern as platform.ddl_ciphertext_pattern() (schema V4)
        assertTrue(sealed.matches("^vfe1\\.[1-9][0-9]{0,8}\\.[A-Za-z0-9_-]{38,}$"), sealed);
    }

    @Test
    void everyValueGetsAFreshNonce() {
        Set<String> nonces = new HashSet<>();
        Set<String> texts = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            FieldCiphertext c = cipher.seal(v1, CARD, CONTEXT);
            byte[] nonce = java.util.Arrays.copyOf(c.sealed(), FieldCipher.NONCE_BYTES);
            assertTrue(nonces.add(Base64.getEncoder().encodeToString(nonce)), "nonce repeated at " + i);
            assertTrue(texts.add(c.text()));
        }
        assertEquals(FieldCipher.NONCE_BYTES + CARD.length() + FieldCipher.TAG_BITS / 8,
                cipher.seal(v1, CARD, CONTEXT).sealed().length);
    }

    @Test
    void aValueMovedToAnotherRecordFieldOrRecordTypeDoesNotOpen() {
        String sealed = cipher.seal(v1, CARD, CONTEXT).text();
        assertUnreadable(sealed, new FieldContext(CONTEXT.schemaPath(), UUID.randomUUID(), "card_number"));
        assertUnreadable(sealed, new FieldContext(CONTEXT.schemaPath(), RECORD, "other_card"));
        assertUnreadable(sealed, new FieldContext("acme/pay/cards/card/v2", RECORD, "card_number"));
        assertUnreadable(sealed, new FieldContext("evil/pay/cards/card/v1", RECORD, "card_number"));
    }

    @Test
    void anAlteredByteOrTruncationIsDetected() {
        FieldCiphertext c = cipher.seal(v1, CARD, CONTEXT);
        for (int i = 0; i < c.sealed().length; i++) {
            byte[] tampered = c.sealed().clone();
            tampered[i] ^= 0x01;
            assertUnreadable(new FieldCiphertext(1, tampered).text(), CONTEXT);
        }
        byte[] shorter = java.util.Arrays.copyOf(c.sealed(), c.sealed().length - 1);
        assertUnreadable(new FieldCiphertext(1, shorter).text(), CONTEXT);
        assertUnreadable("vfe1.1.AAAA", CONTEXT);
    }

    @Test
    void theWrongKeyOrAnUnknownVersionIsRefused() {
        FieldCiphertext c = cipher.seal(v1, CARD, CONTEXT);
        // claims version 2: opened with v2's key, which did not seal it
        assertUnreadable(new FieldCiphertext(2, c.sealed()).text(), CONTEXT);
        // a key of version 1 that is not the organisation's
        DataKey stranger = key(1, 99);
        assertThrows(UnreadableValue.class, () -> cipher.open(c.text(), CONTEXT, v -> stranger));
        assertThrows(UnreadableValue.class, () -> cipher.open(new FieldCiphertext(7, c.sealed()).text(), CONTEXT,
                ring));
    }

    @Test
    void plaintextAndGarbageAreNotCiphertext() {
        assertUnreadable(CARD, CONTEXT);
        assertUnreadable("", CONTEXT);
        assertUnreadable("vfe2.1." + "A".repeat(40), CONTEXT);
        assertUnreadable("vfe1.0." + "A".repeat(40), CONTEXT);
        assertUnreadable("vfe1.1." + "A".repeat(40) + "=", CONTEXT);
        assertTrue(FieldCiphertext.parse(null).isEmpty());
    }

    @Test
    void theErrorNamesThePlaceNeverTheValue() {
        String sealed = cipher.seal(v1, CARD, CONTEXT).text();
        UnreadableValue e = assertThrows(UnreadableValue.class,
                () -> cipher.open(sealed, new FieldContext(CONTEXT.schemaPath(), RECORD, "x"), ring));
        assertTrue(e.getMessage().contains("field x"), e.getMessage());
        assertFalse(e.getMessage().contains(CARD));
        assertFalse(e.getMessage().contains(sealed));
        assertNotEquals(-1, e.getMessage().indexOf(RECORD.toString()));
    }

    private void assertUnreadable(String stored, FieldContext context) {
        assertThrows(UnreadableValue.class, () -> cipher.open(stored, context, ring));
    }

    private static DataKey key(int version, int seed) {
        byte[] bytes = new byte[32];
        new java.util.Random(seed).nextBytes(bytes);
        return new DataKey("acme", version, new SecretKeySpec(bytes, "AES"));
    }

    @Test
    void associatedDataBindsFormatVersionPathRecordAndField() {
        assertEquals("vfe1|3|acme/pay/cards/card/v1|" + RECORD + "|card_number",
                new String(CONTEXT.associatedData(3), StandardCharsets.UTF_8));
    }
}
