package sh.velocity.audit.domain.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * A checkpoint verifies under its signer's public key and under no other, and no byte of the head
 * or the signature can change without the verification failing. The known-answer test ties the
 * signature to the documented bytes with a key and a signature computed outside Java.
 */
class CheckpointSignatureTest {

    private static final HexFormat HEX = HexFormat.of();

    /** RFC 8032 §7.1, test 1: the secret and public key, wrapped in their PKCS#8 and X.509 DER. */
    private static final byte[] RFC8032_PKCS8 = HEX.parseHex("302e020100300506032b657004220420"
            + "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static final byte[] RFC8032_X509 = HEX.parseHex("302a300506032b6570032100"
            + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");

    /** {@code openssl pkeyutl -sign -rawin} with that key over the example head's signed bytes. */
    private static final String OPENSSL_SIGNATURE = "3653fee20632615cfa751026cae514b1d63949076eade647be9f66c1c04646d5"
            + "717dfdf44e0c9f40d558996fef094149928d38e9728d44d176a904926355ac04";

    private static final CheckpointSigner SIGNER = CheckpointSigner.generate();

    @Test
    void aSignedHeadVerifies() {
        TreeHead head = TreeHeadTest.example();
        byte[] signature = SIGNER.sign(head);
        assertEquals(64, signature.length);
        assertTrue(SIGNER.verifier().verify(head, signature));
        assertTrue(CheckpointVerifier.ofBase64(SIGNER.publicKeyBase64()).verify(head, signature));
    }

    @Test
    void aFlippedByteInTheSignedBytesOrTheSignatureFails() {
        TreeHead head = TreeHeadTest.example();
        byte[] message = head.signedBytes();
        byte[] signature = SIGNER.sign(head);
        CheckpointVerifier verifier = SIGNER.verifier();
        for (int i = 0; i < message.length; i++) {
            byte[] changed = message.clone();
            changed[i] ^= 0x01;
            assertFalse(verifier.verifyMessage(changed, signature), "message byte " + i);
        }
        for (int i = 0; i < signature.length; i++) {
            byte[] changed = signature.clone();
            changed[i] ^= 0x01;
            assertFalse(verifier.verify(head, changed), "signature byte " + i);
        }
        assertTrue(verifier.verifyMessage(message, signature), "control");
    }

    @Test
    void aHeadWithAnyOtherValueFails() {
        TreeHead head = TreeHeadTest.example();
        byte[] signature = SIGNER.sign(head);
        byte[] otherRoot = TreeHeadTest.ROOT.clone();
        otherRoot[31] ^= 1;
        CheckpointVerifier verifier = SIGNER.verifier();
        assertFalse(verifier.verify(new TreeHead(head.chain() + "/", 42, head.rootHash(), head.timestamp()),
                signature));
        assertFalse(verifier.verify(new TreeHead(head.chain(), 43, head.rootHash(), head.timestamp()), signature));
        assertFalse(verifier.verify(new TreeHead(head.chain(), 42, otherRoot, head.timestamp()), signature));
        assertFalse(verifier.verify(new TreeHead(head.chain(), 42, head.rootHash(), head.timestamp().plusMillis(1)),
                signature));
    }

    @Test
    void aHeadSignedByAnotherKeyFails() {
        TreeHead head = TreeHeadTest.example();
        CheckpointSigner other = CheckpointSigner.generate();
        assertFalse(SIGNER.verifier().verify(head, other.sign(head)));
        assertFalse(other.verifier().verify(head, SIGNER.sign(head)));
    }

    @Test
    void malformedSignaturesAreFalseNotAnException() {
        TreeHead head = TreeHeadTest.example();
        byte[] signature = SIGNER.sign(head);
        CheckpointVerifier verifier = SIGNER.verifier();
        assertFalse(verifier.verify(null, signature));
        assertFalse(verifier.verify(head, null));
        assertFalse(verifier.verify(head, new byte[0]));
        assertFalse(verifier.verify(head, Arrays.copyOf(signature, 63)));
        assertFalse(verifier.verify(head, Arrays.copyOf(signature, 65)), "a zero byte appended");
        assertFalse(verifier.verify(head, new byte[64]));
        byte[] allOnes = new byte[64];
        Arrays.fill(allOnes, (byte) 0xff);
        assertFalse(verifier.verify(head, allOnes));
    }

    @Test
    void theSignatureCoversExactlyTheDocumentedBytes() throws Exception {
        CheckpointSigner signer = CheckpointSigner.of(RFC8032_PKCS8, RFC8032_X509);
        byte[] signature = signer.sign(TreeHeadTest.example());
        assertEquals(OPENSSL_SIGNATURE, HEX.formatHex(signature));
        assertEquals("06e3fd8fda29bb60", signer.keyId(), "first 16 hex of SHA-256 over the X.509 encoding");

        Signature outside = Signature.getInstance("Ed25519");
        outside.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(RFC8032_X509)));
        outside.update(TreeHeadTest.example().signedBytes());
        assertTrue(outside.verify(signature));
    }

    @Test
    void theKeyFileRestoresTheSameKey() {
        String text = SIGNER.keyFileText();
        assertTrue(text.matches("private [A-Za-z0-9+/=]+\npublic [A-Za-z0-9+/=]+\n"),
                text.replaceAll("private .*", "private <hidden>"));
        CheckpointSigner restored = CheckpointSigner.fromKeyFileText(text);
        TreeHead head = TreeHeadTest.example();
        assertEquals(SIGNER.keyId(), restored.keyId());
        assertEquals(SIGNER.publicKeyBase64(), restored.publicKeyBase64());
        assertArrayEquals(SIGNER.sign(head), restored.sign(head), "Ed25519 signatures are deterministic");
        assertTrue(CheckpointSigner.fromKeyFileText(text.replace("\n", "\r\n")).verifier().verify(head,
                SIGNER.sign(head)));
    }

    @Test
    void aKeyFileWhoseKeysDoNotBelongTogetherIsRefused() {
        String mine = SIGNER.keyFileText();
        String theirs = CheckpointSigner.generate().keyFileText();
        String mixed = mine.lines().filter(l -> l.startsWith("private ")).findFirst().orElseThrow() + "\n"
                + theirs.lines().filter(l -> l.startsWith("public ")).findFirst().orElseThrow() + "\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CheckpointSigner.fromKeyFileText(mixed));
        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
    }

    @Test
    void malformedKeyFilesAreRefusedWithoutRepeatingTheSecret() {
        String text = SIGNER.keyFileText();
        String privateLine = text.lines().filter(l -> l.startsWith("private ")).findFirst().orElseThrow();
        String publicLine = text.lines().filter(l -> l.startsWith("public ")).findFirst().orElseThrow();
        String secret = privateLine.substring("private ".length());
        for (String bad : new String[] {
                publicLine, privateLine, privateLine + "\n" + privateLine + "\n" + publicLine,
                privateLine + "!\n" + publicLine, "secret " + secret + "\n" + publicLine,
                privateLine.replace("private ", "private") + "\n" + publicLine, ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CheckpointSigner.fromKeyFileText(bad));
            assertFalse(e.getMessage().contains(secret.substring(0, 20)), e.getMessage());
        }
    }

    @Test
    void keysOfOtherAlgorithmsAreRefused() throws Exception {
        byte[] ed448 = KeyPairGenerator.getInstance("Ed448").generateKeyPair().getPublic().getEncoded();
        byte[] ec = KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic().getEncoded();
        assertThrows(IllegalArgumentException.class, () -> CheckpointVerifier.of(ed448));
        assertThrows(IllegalArgumentException.class, () -> CheckpointVerifier.of(ec));
        assertThrows(IllegalArgumentException.class, () -> CheckpointVerifier.of(new byte[12]));
        assertThrows(IllegalArgumentException.class, () -> CheckpointVerifier.ofBase64("not base64!"));
        byte[] ed448Private = KeyPairGenerator.getInstance("Ed448").generateKeyPair().getPrivate().getEncoded();
        assertThrows(IllegalArgumentException.class, () -> CheckpointSigner.of(ed448Private, RFC8032_X509));
    }

    @Test
    void theSignerNeverShowsItsPrivateKey() {
        String secret = SIGNER.keyFileText().lines().filter(l -> l.startsWith("private ")).findFirst().orElseThrow()
                .substring("private ".length());
        assertEquals("CheckpointSigner[keyId=" + SIGNER.keyId() + "]", SIGNER.toString());
        assertFalse(SIGNER.toString().contains(secret));
        assertEquals(Base64.getEncoder().encodeToString(Base64.getDecoder().decode(SIGNER.publicKeyBase64())),
                SIGNER.publicKeyBase64());
    }
}
