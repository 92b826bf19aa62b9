package sh.velocity.records.domain.encryption;

import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stored form of an encrypted value, self-describing and versioned:
 * {@code vfe1.<key version>.<base64url(nonce ‖ ciphertext ‖ tag)>} (unpadded base64url; 12-byte
 * nonce, 16-byte tag). {@code vfe1} names the format (AES-256-GCM, the associated data of
 * {@link FieldContext}); the key version names the organisation's data key, so values sealed under
 * different versions can be read side by side while a rotation runs. The database checks the same
 * shape ({@code platform.ddl_ciphertext_pattern()}), so a plaintext can never sit in such a column.
 */
public record FieldCiphertext(int keyVersion, byte[] sealed) {

    /** The format this class writes and reads. */
    public static final String FORMAT = "vfe1";
    public static final String PREFIX = FORMAT + ".";

    private static final Pattern SHAPE = Pattern.compile("vfe1\\.([1-9][0-9]{0,8})\\.([A-Za-z0-9_-]{38,})");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** The stored text. */
    public String text() {
        return PREFIX + keyVersion + "." + ENCODER.encodeToString(sealed);
    }

    /** The parsed value; empty when {@code text} is not in this format (a value stored in clear, or garbage). */
    public static Optional<FieldCiphertext> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = SHAPE.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new FieldCiphertext(Integer.parseInt(m.group(1)), DECODER.decode(m.group(2))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The prefix every value sealed under {@code keyVersion} starts with. */
    public static String prefix(int keyVersion) {
        return PREFIX + keyVersion + ".";
    }
}
