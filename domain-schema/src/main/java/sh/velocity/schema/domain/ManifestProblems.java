package sh.velocity.schema.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.FieldError;
import sh.velocity.kernel.problem.VelocityException;

/**
 * Turns collected manifest problems into the one {@code INVALID_MANIFEST} exception, and quotes user
 * input for messages. It exists so that no message anywhere in this package echoes more than
 * {@value #MAX_ECHO} characters of input or a control character (which could forge log lines).
 */
final class ManifestProblems {

    /** The most characters of user input a message repeats. */
    static final int MAX_ECHO = 60;
    /** How many problems the summary detail spells out; the rest are in the error list. */
    private static final int SUMMARY_PROBLEMS = 5;
    /** How many problems the error list carries, so a hostile manifest cannot inflate the response. */
    static final int MAX_LISTED_PROBLEMS = 50;
    /** The field of a problem with the document as a whole (syntax, size, top-level type). */
    static final String DOCUMENT = "manifest";

    private ManifestProblems() {
    }

    static VelocityException rejection(List<FieldError> all) {
        List<FieldError> errors = all;
        if (all.size() > MAX_LISTED_PROBLEMS) {
            errors = new ArrayList<>(all.subList(0, MAX_LISTED_PROBLEMS));
            errors.add(new FieldError(DOCUMENT, (all.size() - MAX_LISTED_PROBLEMS) + " more problems not listed"));
        }
        String listed = errors.stream()
                .limit(SUMMARY_PROBLEMS)
                .map(FieldError::message)
                .collect(Collectors.joining("; "));
        String more = errors.size() > SUMMARY_PROBLEMS
                ? "; and " + (all.size() - SUMMARY_PROBLEMS) + " more (see errors)"
                : "";
        String detail = all.size() == 1
                ? "Manifest rejected: " + listed
                : "Manifest rejected with " + all.size() + " problems: " + listed + more;
        return new VelocityException(ErrorCode.INVALID_MANIFEST, detail, errors);
    }

    static VelocityException rejection(String field, String message) {
        return rejection(List.of(new FieldError(field, message)));
    }

    /** {@code 'value'}, cut to {@value #MAX_ECHO} characters, control characters replaced by '?'. */
    static String quote(Object value) {
        return "'" + clip(String.valueOf(value)) + "'";
    }

    /** The text cut to {@value #MAX_ECHO} characters with control characters replaced by '?'. */
    static String clip(String text) {
        String cut = text;
        if (text.length() > MAX_ECHO) {
            int end = Character.isHighSurrogate(text.charAt(MAX_ECHO - 1)) ? MAX_ECHO - 1 : MAX_ECHO;
            cut = text.substring(0, end) + "…";
        }
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(cp -> out.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        return out.toString();
    }

    /**
     * True when the text holds no control characters other than tab, newline and carriage return, no
     * unpaired surrogates and no non-characters U+FFFE/U+FFFF: such text survives the canonical JSON
     * round trip and cannot forge log lines.
     */
    static boolean isClean(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c) || c == '\uFFFE' || c == '\uFFFF'
                    || (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r')) {
                return false;
            }
        }
        return true;
    }
}
