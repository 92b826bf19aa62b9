package sh.velocity.audit.domain.export;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of one export line, written and read here so that the format needs nothing beyond the
 * JDK: the offline verifier runs in the CLI, without a JSON-P or JSON-B provider.
 *
 * <p>The reader is strict on purpose. An export is checked byte by byte, so anything a lenient
 * parser would silently accept is refused: duplicate keys (two parsers could pick different ones),
 * numbers other than integers (the format has no others), leading zeros, unescaped control
 * characters, invalid escapes, nesting deeper than {@value #MAX_DEPTH}, and anything after the
 * value. Strings decode to exactly the text that was written, so a payload or a timestamp carried
 * as a string reaches the hash unchanged.
 */
final class JsonLine {

    private static final int MAX_DEPTH = 16;
    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    private final String text;
    private int pos;

    private JsonLine(String text) {
        this.text = text;
    }

    /** Parses one line that must hold one JSON object; values are String, Long, Boolean, List, Map or null. */
    static Map<String, Object> parseObject(String line) {
        JsonLine p = new JsonLine(line);
        p.skipSpace();
        if (p.peek() != '{') {
            throw new MalformedLine("a line must be one JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) p.value(0);
        p.skipSpace();
        if (p.pos != p.text.length()) {
            throw new MalformedLine("unexpected characters after the JSON object at column " + (p.pos + 1));
        }
        return value;
    }

    /** Appends {@code value} as a JSON string: quotes, backslashes and control characters escaped. */
    static void quote(StringBuilder sb, String value) {
        if (value == null) {
            sb.append("null");
            return;
        }
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) && !wellFormedSurrogate(value, i)) {
                        sb.append("\\u").append(HEX_DIGITS[(c >> 12) & 0xf]).append(HEX_DIGITS[(c >> 8) & 0xf])
                                .append(HEX_DIGITS[(c >> 4) & 0xf]).append(HEX_DIGITS[c & 0xf]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** An unpaired surrogate is escaped, so the line stays valid UTF-8 and decodes back to the same text. */
    private static boolean wellFormedSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw new MalformedLine("JSON nested deeper than " + MAX_DEPTH + " levels");
        }
        skipSpace();
        char c = peek();
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || c >= '0' && c <= '9') {
                    yield integer();
                }
                throw new MalformedLine(unexpected());
            }
        };
    }

    private Map<String, Object> object(int depth) {
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw new MalformedLine(unexpected() + "; expected a key");
            }
            String key = string();
            skipSpace();
            expect(':');
            Object v = value(depth + 1);
            if (map.containsKey(key)) {
                throw new MalformedLine("key \"" + key + "\" appears twice");
            }
            map.put(key, v);
            skipSpace();
            char c = peek();
            pos++;
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                pos--;
                throw new MalformedLine(unexpected() + "; expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) {
        pos++;
        List<Object> list = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            list.add(value(depth + 1));
            skipSpace();
            char c = peek();
            pos++;
            if (c == ']') {
                return Collections.unmodifiableList(list);
            }
            if (c != ',') {
                pos--;
                throw new MalformedLine(unexpected() + "; expected ',' or ']'");
            }
        }
    }

    private String string() {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw new MalformedLine("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw new MalformedLine("unescaped control character in a string at column " + pos);
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw new MalformedLine("unterminated escape");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> sb.append(unicodeEscape());
                default -> throw new MalformedLine("invalid escape \\" + e + " at column " + (pos - 1));
            }
        }
    }

    private char unicodeEscape() {
        if (pos + 4 > text.length()) {
            throw new MalformedLine("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos++), 16);
            if (d < 0) {
                throw new MalformedLine("invalid \\u escape at column " + pos);
            }
            v = v * 16 + d;
        }
        return (char) v;
    }

    private Long integer() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        int digits = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        if (pos == digits) {
            throw new MalformedLine("a number without digits at column " + (start + 1));
        }
        if (text.charAt(digits) == '0' && pos - digits > 1) {
            throw new MalformedLine("a number with a leading zero at column " + (start + 1));
        }
        if (pos < text.length() && (text.charAt(pos) == '.' || text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            throw new MalformedLine("numbers in an export are integers (column " + (start + 1) + ")");
        }
        try {
            return Long.parseLong(text.substring(start, pos));
        } catch (NumberFormatException e) {
            throw new MalformedLine("a number out of range at column " + (start + 1));
        }
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw new MalformedLine(unexpected());
        }
        pos += word.length();
        return value;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new MalformedLine(unexpected() + "; expected '" + c + "'");
        }
        pos++;
    }

    private char peek() {
        if (pos >= text.length()) {
            throw new MalformedLine("the line ends in the middle of a JSON value");
        }
        return text.charAt(pos);
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return;
            }
            pos++;
        }
    }

    private String unexpected() {
        char c = text.charAt(pos);
        String shown = c < 0x20 || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'";
        return "unexpected " + shown + " at column " + (pos + 1);
    }

    /** The line is not the JSON the format requires; the message says where, never quoting values. */
    static final class MalformedLine extends RuntimeException {

        private static final long serialVersionUID = 1L;

        MalformedLine(String message) {
            super(message, null, false, false);
        }
    }
}
