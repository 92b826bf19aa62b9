package sh.velocity.records.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.security.SecureRandom;
import java.util.List;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import sh.velocity.kernel.SchemaPath;
import sh.velocity.kernel.masking.Masker;
import sh.velocity.records.domain.encryption.DataKey;
import sh.velocity.records.domain.encryption.FieldCipher;
import sh.velocity.records.domain.encryption.FieldContext;
import sh.velocity.records.domain.encryption.PlaintextCodec;
import sh.velocity.records.domain.encryption.UnreadableValue;
import sh.velocity.schema.api.FieldSpec;
import sh.velocity.schema.api.RecordType;

class RecordMaskingTest {

    private static final SchemaPath PATH = SchemaPath.parse("acme/pay/cards/card/v1");
    private static final FieldSpec HOLDER = new FieldSpec("holder", "string", 50, false, "none", null, 0, false);
    private static final FieldSpec CARD = new FieldSpec("card", "string", 19, false, "pci", "partial", 4, false);
    private static final FieldSpec SCORE = new FieldSpec("score", "integer", null, false, "secret", "full", 0, false);
    private static final RecordType TYPE = new RecordType(PATH, 1, List.of(HOLDER, CARD, SCORE), List.of(), 2,
            List.of());

    private final FieldCipher cipher = new FieldCipher(new SecureRandom());
    private final DataKey key = new DataKey("acme", 1, new SecretKeySpec(new byte[32], "AES"));
    private final RecordMasking masking = new RecordMasking(new Masker(new byte[32]), (type, id, field, stored) -> {
        try {
            String clear = cipher.open(stored, new FieldContext(type.path().toString(), id, field.name()), v -> key);
            return PlaintextCodec.decode(field.type(), clear);
        } catch (UnreadableValue e) {
            throw new IllegalStateException("unreadable");
        }
    });

    @Test
    void encryptedFieldsAreOpenedThenMaskedOrRevealed() {
        UUID id = UUID.randomUUID();
        JsonObject stored = stored(id, "4111111111111111", 42);
        JsonObject masked = masking.mask(TYPE, stored);
        assertEquals("************1111", masked.getString("card"));
        assertEquals("********", masked.getString("score"));
        assertEquals("Ann", masked.getString("holder"));
        JsonObject clear = masking.reveal(TYPE, stored);
        assertEquals("4111111111111111", clear.getString("card"));
        assertEquals(42, clear.getInt("score"), "an encrypted integer reads back as a number");
        assertFalse(masked.toString().contains("vfe1") || clear.toString().contains("vfe1"));
    }

    @Test
    void aRecordTypeWithoutEncryptedFieldsIsRevealedAsIs() {
        RecordType plain = new RecordType(PATH, 1, List.of(HOLDER), List.of(), 2, List.of());
        JsonObject record = Json.createObjectBuilder().add("id", UUID.randomUUID().toString()).add("holder", "x").build();
        assertSame(record, masking.reveal(plain, record));
    }

    @Test
    void aRecordTypeWithoutMaskedFieldsIsMaskedAsIs() {
        RecordType plain = new RecordType(PATH, 1, List.of(HOLDER), List.of(), 2, List.of());
        JsonObject record = Json.createObjectBuilder().add("id", UUID.randomUUID().toString()).add("holder", "x").build();
        assertSame(record, masking.mask(plain, record));
    }

    @Test
    void aValueOfAnotherRecordIsNeitherMaskedNorRevealed() {
        JsonObject other = stored(UUID.randomUUID(), "4111111111111111", 1);
        JsonObject moved = Json.createObjectBuilder(stored(UUID.randomUUID(), "5500000000000004", 2))
                .add("card", other.getString("card")).build();
        assertThrows(IllegalStateException.class, () -> masking.mask(TYPE, moved));
        assertThrows(IllegalStateException.class, () -> masking.reveal(TYPE, moved));
    }

    private JsonObject stored(UUID id, String card, long score) {
        return Json.createObjectBuilder().add("id", id.toString()).add("version", 1).add("holder", "Ann")
                .add("card", cipher.seal(key, card, new FieldContext(PATH.toString(), id, "card")).text())
                .add("score", cipher.seal(key, Long.toString(score), new FieldContext(PATH.toString(), id, "score"))
                        .text())
                .build();
    }
}
