package sh.velocity.audit.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Instant;
import sh.velocity.audit.api.AuditExports;
import sh.velocity.audit.domain.StoredEvent;
import sh.velocity.audit.domain.export.ExportWriter;
import sh.velocity.audit.domain.export.SignedCheckpoint;
import sh.velocity.audit.infrastructure.persistence.JdbcAuditLog;
import sh.velocity.audit.domain.merkle.RetentionAnchor;
import sh.velocity.audit.infrastructure.persistence.JdbcCheckpoints;
import sh.velocity.audit.infrastructure.persistence.JdbcRetention;
import sh.velocity.audit.infrastructure.persistence.JdbcCheckpoints.CheckpointCursor;
import sh.velocity.audit.infrastructure.persistence.JdbcCheckpoints.StoredCheckpoint;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;

/**
 * Streams a chain's export in one read transaction through two forward-only cursors: the
 * checkpoints, opened first, and then the events with the chain head. Every checkpoint the first
 * cursor sees was sealed over events already committed, so the second, later view holds all the
 * events it covers, unless they were deleted, which is what the export must then show. Each
 * checkpoint is written after the last event it covers; one that covers more events than the chain
 * holds comes after the last event, where the verifier reports the missing ones.
 */
@ApplicationScoped
public class DefaultAuditExports implements AuditExports {

    @Inject
    JdbcAuditLog log;

    @Inject
    JdbcCheckpoints checkpoints;

    @Inject
    CheckpointKeys keys;

    @Inject
    JdbcRetention retention;

    @Override
    @Transactional
    public ExportSummary export(String chain, OutputStream out) throws IOException {
        ExportWriter writer = new ExportWriter(out);
        writer.header(chain, Instant.now(), keys.all());
        try {
            java.util.List<JdbcRetention.StoredAnchor> anchors = retention.anchors(chain);
            JdbcAuditLog.Head head = checkpoints.ascending(chain, cursor -> {
                Interleaving lines = new Interleaving(writer, cursor, anchors);
                JdbcAuditLog.Head h = log.streamEvents(chain, lines::event);
                lines.remaining();
                return h;
            });
            writer.end(head.seq(), head.hash());
            return new ExportSummary(writer.events(), writer.checkpoints(), head.seq());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (SQLException | CursorFailure e) {
            throw new VelocityException(ErrorCode.AUDIT_UNAVAILABLE, "The audit log could not be read.");
        }
    }

    /**
     * Writes each checkpoint once the events it covers are out, and each retention anchor where its
     * dropped range was. A checkpoint that ends inside a dropped range cannot be recomputed from the
     * export (its last events are gone) and is left out; one that ends exactly where a range ends is
     * checked against the anchor's frontier.
     */
    private static final class Interleaving {

        private final ExportWriter writer;
        private final CheckpointCursor cursor;
        private final java.util.ArrayDeque<JdbcRetention.StoredAnchor> anchors;
        private StoredCheckpoint next;

        Interleaving(ExportWriter writer, CheckpointCursor cursor, java.util.List<JdbcRetention.StoredAnchor> anchors)
                throws SQLException {
            this.writer = writer;
            this.cursor = cursor;
            this.anchors = new java.util.ArrayDeque<>(anchors);
            this.next = cursor.next();
        }

        void event(StoredEvent e) {
            try {
                bridgeTo(e.seq());
                writer.event(e);
                while (next != null && next.treeSize() <= e.seq()) {
                    writeNext();
                }
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            } catch (SQLException x) {
                throw new CursorFailure(x);
            }
        }

        void remaining() throws SQLException {
            try {
                bridgeTo(Long.MAX_VALUE);
                while (next != null) {
                    writeNext();
                }
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
        }

        private void bridgeTo(long seq) throws IOException, SQLException {
            while (!anchors.isEmpty() && anchors.peekFirst().firstSeq() < seq) {
                JdbcRetention.StoredAnchor a = anchors.removeFirst();
                writer.anchor(new RetentionAnchor(a.chain(), a.firstSeq(), a.lastSeq(), a.lastHash(), a.frontier(),
                        a.signedAt().toInstant()), a.keyId(), a.signature());
                while (next != null && next.treeSize() <= a.lastSeq()) {
                    if (next.treeSize() == a.lastSeq()) {
                        writeNext();
                    } else {
                        next = cursor.next();
                    }
                }
            }
        }

        private void writeNext() throws IOException, SQLException {
            writer.checkpoint(new SignedCheckpoint(next.chain(), next.treeSize(), next.rootHash(),
                    next.signedAt().toInstant(), next.keyId(), next.signature(), next.frontier()));
            next = cursor.next();
        }
    }

    /** The checkpoint cursor failed while the event stream's consumer was running. */
    private static final class CursorFailure extends RuntimeException {

        private static final long serialVersionUID = 1L;

        CursorFailure(SQLException cause) {
            super(cause);
        }
    }
}
