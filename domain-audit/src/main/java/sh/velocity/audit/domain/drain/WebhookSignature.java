package sh.velocity.audit.domain.drain;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook drain's request signature, in the scheme Stripe's webhooks made familiar:
 *
 * <pre>
 * X-Velocity-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex(HMAC-SHA256(secret, t + "." + body))&gt;
 * </pre>
 *
 * The timestamp is inside the signed bytes, so a receiver that refuses old timestamps also refuses a
 * replayed request; every retry is signed afresh. The secret is the shared secret file's bytes (minus
 * trailing white space), at least 32 of them. {@link #verify} is the receiver's side: any {@code v1}
 * may match (a sender rotating its secret may send two), compared in constant time.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Velocity-Signature";
    public static final int MIN_SECRET_BYTES = 32;
    private static final HexFormat HEX = HexFormat.of();

    private final SecretKeySpec key;

    public WebhookSignature(byte[] secret) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the webhook secret must be at least " + MIN_SECRET_BYTES
                    + " bytes long");
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** The secret file's content: its bytes without trailing white space (an editor's newline). */
    public static WebhookSignature ofFileContent(byte[] content) {
        int end = content.length;
        while (end > 0 && (content[end - 1] == '\n' || content[end - 1] == '\r' || content[end - 1] == ' '
                || content[end - 1] == '\t')) {
            end--;
        }
        return new WebhookSignature(Arrays.copyOf(content, end));
    }

    /** The header value for a body sent at {@code unixSeconds}. */
    public String header(long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1=" + HEX.formatHex(mac(unixSeconds, body));
    }

    /**
     * Whether the header signs this body with this secret, at a time no further than
     * {@code toleranceSeconds} from {@code nowSeconds}. Malformed headers are simply false.
     */
    public boolean verify(String header, String body, long nowSeconds, long toleranceSeconds) {
        if (header == null) {
            return false;
        }
        Long t = null;
        List<byte[]> candidates = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                return false;
            }
            String name = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            try {
                if (name.equals("t")) {
                    t = Long.parseLong(value);
                } else if (name.equals("v1")) {
                    candidates.add(HEX.parseHex(value));
                }
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        if (t == null || Math.abs(nowSeconds - t) > toleranceSeconds) {
            return false;
        }
        byte[] expected = mac(t, body);
        boolean match = false;
        for (byte[] candidate : candidates) {
            match |= MessageDigest.isEqual(expected, candidate);
        }
        return match;
    }

    private byte[] mac(long unixSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }
}
