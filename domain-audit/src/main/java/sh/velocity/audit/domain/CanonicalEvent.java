package sh.velocity.audit.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The canonical encoding of an audit event and its chained hash, documented in
 * {@code docs/audit-format.md} so that an outside verifier can re-implement it:
 *
 * <pre>
 * canonical = "velocity-audit-v1;" field(chain) field(seq) field(actor) field(operation)
 *             field(resource) field(result) field(fail_mode) field(request_id) field(source_ip)
 *             field(created_at) field(payload)
 * field(v)  = "-;" when v is NULL, else octets(v) ":" v ";"     (octets of the UTF-8 bytes)
 * hash      = hex(SHA-256(bytes(prev_hash hex-decoded) ‖ UTF-8(canonical)))
 * </pre>
 *
 * Length prefixes make the encoding unambiguous whatever the fields contain.
 */
public final class CanonicalEvent {

    public static final String GENESIS_HASH = "0".repeat(64);
    private static final HexFormat HEX = HexFormat.of();

    private CanonicalEvent() {
    }

    public static String encode(StoredEvent e) {
        StringBuilder sb = new StringBuilder(256 + (e.payload() == null ? 0 : e.payload().length()));
        sb.append("velocity-audit-v1;");
        field(sb, e.chain());
        field(sb, Long.toString(e.seq()));
        field(sb, e.actor());
        field(sb, e.operation());
        field(sb, e.resource());
        field(sb, e.result());
        field(sb, e.failMode());
        field(sb, e.requestId());
        field(sb, e.sourceIp());
        field(sb, e.createdAt());
        field(sb, e.payload());
        return sb.toString();
    }

    /** The hash this event must carry given its stored predecessor hash. */
    public static String hash(StoredEvent e) {
        MessageDigest sha = sha256();
        sha.update(HEX.parseHex(e.prevHash()));
        sha.update(encode(e).getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(sha.digest());
    }

    private static void field(StringBuilder sb, String v) {
        if (v == null) {
            sb.append("-;");
        } else {
            sb.append(v.getBytes(StandardCharsets.UTF_8).length).append(':').append(v).append(';');
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
