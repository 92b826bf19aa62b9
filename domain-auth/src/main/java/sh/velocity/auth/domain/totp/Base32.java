package sh.velocity.auth.domain.totp;

import java.io.ByteArrayOutputStream;

/**
 * The RFC 4648 base32 alphabet ({@code A–Z, 2–7}), in which authenticator apps exchange TOTP secrets.
 *
 * <p>{@link #encode} writes upper-case without padding, the form that {@code otpauth://} URIs use.
 * {@link #decode} also takes what a person types or copies: lower case, spaces between groups, and
 * trailing {@code =} padding. Its error messages never contain the input, which is usually a secret.
 */
public final class Base32 {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Base32() {
    }

    public static String encode(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt((buffer >>> (bits - 5)) & 0x1f));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt((buffer << (5 - bits)) & 0x1f));
        }
        return out.toString();
    }

    /**
     * @throws IllegalArgumentException when {@code text} is missing, has a character outside the
     *                                  alphabet, padding before the end, or a length no byte string has
     */
    public static byte[] decode(String text) {
        if (text == null) {
            throw new IllegalArgumentException("base32 text is missing");
        }
        String symbols = stripPadding(text.replace(" ", ""));
        if (symbols.length() % 8 == 1 || symbols.length() % 8 == 3 || symbols.length() % 8 == 6) {
            throw new IllegalArgumentException("base32 text has a length that encodes no whole number of bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(symbols.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < symbols.length(); i++) {
            char c = symbols.charAt(i);
            int value = ALPHABET.indexOf(c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c);
            if (value < 0) {
                throw new IllegalArgumentException("base32 text has a character outside A-Z and 2-7 at position " + i);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >>> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    private static String stripPadding(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '=') {
            end--;
        }
        return text.substring(0, end);
    }
}
