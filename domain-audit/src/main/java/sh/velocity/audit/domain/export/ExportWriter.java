package sh.velocity.audit.domain.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import sh.velocity.audit.domain.StoredEvent;
import sh.velocity.audit.domain.merkle.CheckpointVerifier;
import sh.velocity.audit.domain.merkle.RetentionAnchor;

/**
 * Writes one chain's export line by line, as the rows arrive, so the server never holds the chain.
 *
 * <p>Call order: {@link #header} once, then {@link #event} for each event in sequence order with
 * {@link #checkpoint} after the event whose sequence number reaches the checkpoint's size, then
 * {@link #end} once. Events are written exactly as hashed (the timestamp and payload texts as
 * stored), so that a reader re-computes the same bytes. The end line carries the SHA-256 of every
 * byte before it: it catches accidental damage anywhere, the header included, though not a forger,
 * who would re-compute it (against whom the checkpoint signatures stand).
 */
public final class ExportWriter {

    private final OutputStream out;
    private final MessageDigest digest = sha256();
    private long events;
    private long checkpoints;
    private boolean ended;

    public ExportWriter(OutputStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /** The first line: the chain, when the export was taken, and the keys that signed its checkpoints. */
    public void header(String chain, Instant exportedAt, List<CheckpointVerifier> keys) throws IOException {
        StringBuilder sb = start(ExportFormat.HEADER);
        field(sb, "format", ExportFormat.NAME);
        field(sb, "chain", chain);
        field(sb, "exportedAt", ExportFormat.millis(exportedAt));
        sb.append(",\"keys\":[");
        for (int i = 0; i < keys.size(); i++) {
            sb.append(i == 0 ? "{" : ",{");
            sb.append("\"keyId\":");
            JsonLine.quote(sb, keys.get(i).keyId());
            field(sb, "publicKey", keys.get(i).publicKeyBase64());
            sb.append('}');
        }
        sb.append(']');
        write(sb);
    }

    public void event(StoredEvent e) throws IOException {
        StringBuilder sb = start(ExportFormat.EVENT);
        field(sb, "chain", e.chain());
        number(sb, "seq", e.seq());
        field(sb, "actor", e.actor());
        field(sb, "operation", e.operation());
        field(sb, "resource", e.resource());
        field(sb, "result", e.result());
        field(sb, "failMode", e.failMode());
        field(sb, "requestId", e.requestId());
        field(sb, "sourceIp", e.sourceIp());
        field(sb, "createdAt", e.createdAt());
        field(sb, "payload", e.payload());
        field(sb, "prevHash", e.prevHash());
        field(sb, "hash", e.hash());
        write(sb);
        events++;
    }

    public void checkpoint(SignedCheckpoint cp) throws IOException {
        StringBuilder sb = start(ExportFormat.CHECKPOINT);
        field(sb, "chain", cp.chain());
        number(sb, "treeSize", cp.treeSize());
        field(sb, "rootHash", cp.rootHash());
        field(sb, "signedAt", ExportFormat.millis(cp.signedAt()));
        field(sb, "keyId", cp.keyId());
        field(sb, "signature", cp.signature());
        sb.append(",\"frontier\":[");
        for (int i = 0; i < cp.frontier().size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            JsonLine.quote(sb, cp.frontier().get(i));
        }
        sb.append(']');
        write(sb);
        checkpoints++;
    }

    /**
     * A range retention dropped, signed: written where the range was, before the next kept event,
     * so the verifier steps over it (docs/audit-format.md §10).
     */
    public void anchor(RetentionAnchor a, String keyId, String signature) throws IOException {
        StringBuilder sb = start(ExportFormat.ANCHOR);
        field(sb, "chain", a.chain());
        number(sb, "firstSeq", a.firstSeq());
        number(sb, "lastSeq", a.lastSeq());
        field(sb, "lastHash", a.lastHash());
        sb.append(",\"frontier\":[");
        for (int i = 0; i < a.frontier().size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            JsonLine.quote(sb, a.frontier().get(i));
        }
        sb.append(']');
        field(sb, "signedAt", ExportFormat.millis(a.signedAt()));
        field(sb, "keyId", keyId);
        field(sb, "signature", signature);
        write(sb);
    }

    /** The last line: counts, the chain head as recorded, and the digest of all lines before it. */
    public void end(long headSeq, String headHash) throws IOException {
        StringBuilder sb = start(ExportFormat.END);
        number(sb, "events", events);
        number(sb, "checkpoints", checkpoints);
        number(sb, "headSeq", headSeq);
        field(sb, "headHash", headHash);
        field(sb, "sha256", HexFormat.of().formatHex(digest.digest()));
        ended = true;
        write(sb);
        out.flush();
    }

    public long events() {
        return events;
    }

    public long checkpoints() {
        return checkpoints;
    }

    private StringBuilder start(String type) {
        if (ended) {
            throw new IllegalStateException("the export has ended");
        }
        StringBuilder sb = new StringBuilder(512);
        sb.append("{\"type\":");
        JsonLine.quote(sb, type);
        return sb;
    }

    private static void field(StringBuilder sb, String key, String value) {
        sb.append(",\"").append(key).append("\":");
        JsonLine.quote(sb, value);
    }

    private static void number(StringBuilder sb, String key, long value) {
        sb.append(",\"").append(key).append("\":").append(value);
    }

    private void write(StringBuilder sb) throws IOException {
        byte[] line = sb.append("}\n").toString().getBytes(StandardCharsets.UTF_8);
        if (!ended) {
            digest.update(line);
        }
        out.write(line);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
