package sh.velocity.audit.domain.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The webhook signature is what docs/operations.md tells a receiver to check, and nothing else verifies. */
class WebhookSignatureTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef-webhook".getBytes(StandardCharsets.UTF_8);
    private static final String BODY = "{\"events\":[{\"id\":\"platform:1\"}]}";
    private static final long T = 1_790_000_000L;

    @Test
    void theHeaderIsTheHmacOfTimestampDotBodyInHex() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((T + "." + BODY).getBytes(StandardCharsets.UTF_8)));
        assertEquals("t=" + T + ",v1=" + expected, new WebhookSignature(SECRET).header(T, BODY));
    }

    @Test
    void aReceiverAcceptsTheSignedBodyWithinTheToleranceOnly() {
        WebhookSignature signer = new WebhookSignature(SECRET);
        String header = signer.header(T, BODY);
        assertTrue(signer.verify(header, BODY, T + 299, 300));
        assertFalse(signer.verify(header, BODY, T + 301, 300), "a replay after the tolerance is refused");
        assertFalse(signer.verify(header, BODY.replace("1", "2"), T, 300), "another body");
        assertFalse(new WebhookSignature("another secret of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8))
                .verify(header, BODY, T, 300), "another secret");
        String otherTime = header.replace("t=" + T, "t=" + (T + 1));
        assertFalse(signer.verify(otherTime, BODY, T, 300), "the timestamp is signed too");
    }

    @Test
    void anyOfSeveralSignaturesMayMatchAndMalformedHeadersAreFalse() {
        WebhookSignature signer = new WebhookSignature(SECRET);
        String good = signer.header(T, BODY);
        String rotated = "t=" + T + ",v1=" + "00".repeat(32) + "," + good.substring(good.indexOf("v1="));
        assertTrue(signer.verify(rotated, BODY, T, 300));
        for (String bad : new String[] {null, "", "t=" + T, "v1=" + good.substring(good.indexOf("v1=") + 3),
                "t=x,v1=00", "t=" + T + ",v1=zz", "garbage"}) {
            assertFalse(signer.verify(bad, BODY, T, 300), String.valueOf(bad));
        }
    }

    @Test
    void aShortSecretIsRefusedAndTheFilesTrailingNewlineIsNotPartOfTheKey() {
        assertThrows(IllegalArgumentException.class, () -> new WebhookSignature(new byte[31]));
        byte[] withNewline = (new String(SECRET, StandardCharsets.UTF_8) + "\r\n").getBytes(StandardCharsets.UTF_8);
        assertEquals(new WebhookSignature(SECRET).header(T, BODY),
                WebhookSignature.ofFileContent(withNewline).header(T, BODY));
    }
}
