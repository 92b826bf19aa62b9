package sh.velocity.auth.domain.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static sh.velocity.auth.domain.jwt.AccessTokenForgeryTest.refusalOf;
import static sh.velocity.auth.domain.jwt.ForgedTokens.CLOCK;
import static sh.velocity.auth.domain.jwt.ForgedTokens.issue;
import static sh.velocity.auth.domain.jwt.ForgedTokens.verifier;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Rotation with overlap: old tokens keep verifying until their key is retired, and not after. */
class JwtKeyRotationTest {

    private final JwtKeys original = JwtKeys.generate(CLOCK);
    private final JwtKeys rotated = original.rotate(CLOCK);

    @Test
    void rotateMakesANewActiveKeyAndKeepsThePreviousOnes() {
        assertNotEquals(original.activeKid(), rotated.activeKid());
        assertEquals(List.of(rotated.activeKid(), original.activeKid()), rotated.kids());
        assertEquals(List.of(original.activeKid()), original.kids(), "the original set is unchanged");
    }

    @Test
    void aTokenSignedByThePreviousKeyStillVerifiesAfterRotate() {
        String before = issue(original);

        assertInstanceOf(VerifiedAccessToken.class, verifier(rotated).verify(before));
    }

    @Test
    void aTokenSignedAfterRotateUsesTheNewKeyAndIsUnknownToTheOldSet() {
        String after = issue(rotated);

        assertInstanceOf(VerifiedAccessToken.class, verifier(rotated).verify(after));
        assertEquals(RefusalReason.UNKNOWN_KID, refusalOf(verifier(original).verify(after)));
    }

    @Test
    void aTokenSignedByARetiredKeyIsRefusedAfterRetire() {
        String before = issue(original);
        JwtKeys retired = rotated.retire(original.activeKid());

        assertEquals(List.of(rotated.activeKid()), retired.kids());
        assertEquals(RefusalReason.UNKNOWN_KID, refusalOf(verifier(retired).verify(before)));
        assertInstanceOf(VerifiedAccessToken.class, verifier(retired).verify(issue(rotated)));
        assertEquals(2, rotated.kids().size(), "retire leaves the set it was called on unchanged");
    }

    @Test
    void theActiveKeyCannotBeRetired() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rotated.retire(rotated.activeKid()));
        assertEquals("the active key cannot be retired; rotate first", e.getMessage());
    }

    @Test
    void retiringAnUnknownKidIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> rotated.retire("no-such-kid"));
        assertThrows(IllegalArgumentException.class, () -> rotated.retire(null));
    }

    @Test
    void aRoundTripThroughTheKeyFileKeepsTheOverlap() {
        String before = issue(original);
        JwtKeys reloaded = JwtKeys.parse(rotated.toJson());

        assertInstanceOf(VerifiedAccessToken.class, verifier(reloaded).verify(before));
        assertEquals(rotated.activeKid(), reloaded.activeKid());
    }
}
