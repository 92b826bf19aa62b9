package sh.velocity.audit.api;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Exports one chain as {@code velocity-audit-export-v1} JSON Lines (docs/audit-format.md, section
 * 10): every event exactly as hashed, the signed checkpoints and the keys that verify them, so that
 * {@code velocity audit verify --file} can check it without the server.
 */
public interface AuditExports {

    /** The media type of an export. */
    String MEDIA_TYPE = "application/x-ndjson";

    /**
     * Writes the chain's export to {@code out} as it is read, from one consistent view of the chain.
     * The caller checks the permission and audits the export.
     */
    ExportSummary export(String chain, OutputStream out) throws IOException;

    /** What was written: the number of event and checkpoint lines, and the chain head. */
    record ExportSummary(long events, long checkpoints, long headSeq) {
    }
}
