package sh.velocity.audit.domain.export;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The names and shapes of {@code velocity-audit-export-v1}, shared by {@link ExportWriter} and
 * {@link ExportVerifier}. Every line is one JSON object with a {@code type}; each type has exactly
 * the keys listed here, in this order, and the reader refuses a line with any other key.
 */
public final class ExportFormat {

    /** The header's {@code format}; a change to any line's meaning needs a new name. */
    public static final String NAME = "velocity-audit-export-v1";

    /** JSON Lines, one object per line, UTF-8, each line ending with LF. */
    public static final String MEDIA_TYPE = "application/x-ndjson";

    static final String HEADER = "header";
    static final String EVENT = "event";
    static final String CHECKPOINT = "checkpoint";
    static final String ANCHOR = "anchor";
    static final String END = "end";

    static final List<String> HEADER_KEYS = List.of("type", "format", "chain", "exportedAt", "keys");
    static final List<String> KEY_KEYS = List.of("keyId", "publicKey");
    static final List<String> EVENT_KEYS = List.of("type", "chain", "seq", "actor", "operation", "resource", "result",
            "failMode", "requestId", "sourceIp", "createdAt", "payload", "prevHash", "hash");
    static final List<String> CHECKPOINT_KEYS = List.of("type", "chain", "treeSize", "rootHash", "signedAt", "keyId",
            "signature", "frontier");
    static final List<String> ANCHOR_KEYS = List.of("type", "chain", "firstSeq", "lastSeq", "lastHash", "frontier",
            "signedAt", "keyId", "signature");
    static final List<String> END_KEYS = List.of("type", "events", "checkpoints", "headSeq", "headHash", "sha256");

    /** The event fields that may be JSON null (SQL NULL); all others must be present and not null. */
    static final Set<String> NULLABLE_EVENT_KEYS = Set.of("failMode", "requestId", "sourceIp");

    /** The checkpoint's own timestamp text, the one {@code TreeHead.signedBytes()} signs. */
    private static final DateTimeFormatter UTC_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC).withResolverStyle(ResolverStyle.STRICT);

    private ExportFormat() {
    }

    static String millis(Instant t) {
        return UTC_MILLIS.format(t);
    }

    /** The instant of a millisecond UTC timestamp; empty unless the text is exactly how it is written. */
    static Optional<Instant> parseMillis(String text) {
        try {
            Instant t = UTC_MILLIS.parse(text, Instant::from);
            return millis(t).equals(text) ? Optional.of(t) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
