package sh.velocity.auth.domain.totp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Builds the Key URI that authenticator apps read from an enrolment QR code:
 * {@code otpauth://totp/<issuer>:<account>?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30}.
 *
 * <p>The issuer appears both in the label and as a parameter because older apps read only one of
 * them. Issuer and account are percent-encoded as UTF-8 with spaces as {@code %20} (not {@code +},
 * which apps show literally), and may not contain a colon, which would make the label ambiguous.
 */
final class OtpauthUri {

    private OtpauthUri() {
    }

    static String of(String issuer, String account, String secretBase32, int digits, long periodSeconds) {
        String encodedIssuer = encode(labelPart("issuer", issuer));
        return "otpauth://totp/" + encodedIssuer + ":" + encode(labelPart("account", account))
                + "?secret=" + secretBase32
                + "&issuer=" + encodedIssuer
                + "&algorithm=SHA1&digits=" + digits + "&period=" + periodSeconds;
    }

    private static String labelPart(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("an otpauth URI needs a non-blank " + what);
        }
        if (value.indexOf(':') >= 0) {
            throw new IllegalArgumentException("an otpauth " + what + " may not contain ':'");
        }
        return value;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
