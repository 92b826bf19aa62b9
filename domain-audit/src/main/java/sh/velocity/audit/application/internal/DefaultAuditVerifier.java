package sh.velocity.audit.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import sh.velocity.audit.api.AuditEventView;
import sh.velocity.audit.api.AuditQueries;
import sh.velocity.audit.api.AuditVerifier;
import sh.velocity.audit.api.ChainVerification;
import sh.velocity.audit.domain.ChainVerifier;
import sh.velocity.audit.domain.merkle.RetentionAnchor;
import sh.velocity.audit.domain.merkle.TreeHead;
import sh.velocity.audit.infrastructure.persistence.JdbcAuditLog;
import sh.velocity.audit.infrastructure.persistence.JdbcCheckpoints;
import sh.velocity.audit.infrastructure.persistence.JdbcRetention;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;

/**
 * Verifies a chain by streaming it once, in one read transaction (a consistent snapshot), and
 * against its latest signed checkpoint: the checkpoint's signature first, then its root over the
 * first events, and that the chain is not shorter than it. The request thread reads the rows and a
 * {@link VerifierThread} hashes them meanwhile.
 */
@ApplicationScoped
public class DefaultAuditVerifier implements AuditVerifier, AuditQueries {

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
    public ChainVerification verify(String chain) {
        return verifyCapturing(chain, -1).verification();
    }

    /** A verification, and the chain's state right after one event when that was asked for. */
    public record Retained(ChainVerification verification, Optional<ChainVerifier.Capture> capture) {
    }

    /**
     * Verifies the chain and captures its hash and Merkle frontier right after event
     * {@code captureSeq} (none when negative). A retention run committing meanwhile (anchors in,
     * partition out) would look like deleted events to a pass that read the anchors before it;
     * such a pass is repeated, since the anchors it read are no longer the chain's.
     */
    @Transactional
    public Retained verifyCapturing(String chain, long captureSeq) {
        try {
            for (int attempt = 1; ; attempt++) {
                List<JdbcRetention.StoredAnchor> before = retention.anchors(chain);
                Retained r = verifyOnce(chain, captureSeq, before);
                if (r.verification().valid() || attempt == 3 || before.equals(retention.anchors(chain))) {
                    return r;
                }
            }
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.AUDIT_UNAVAILABLE, "The audit log could not be read.");
        }
    }

    private Retained verifyOnce(String chain, long captureSeq, List<JdbcRetention.StoredAnchor> stored)
            throws SQLException {
        ChainVerifier verifier = new ChainVerifier(chain);
        Optional<JdbcCheckpoints.StoredCheckpoint> checkpoint = checkpoints.latest(chain);
        if (checkpoint.isPresent()) {
            JdbcCheckpoints.StoredCheckpoint cp = checkpoint.get();
            if (keys.verifierFor(cp.keyId()).isEmpty()) {
                return refused(new ChainVerification(chain, false, 0, 1, 1L, null, cp.keyId(), "the checkpoint of "
                        + cp.treeSize() + " events is signed by key " + cp.keyId() + ", which this server does not "
                        + "trust (velocity.audit.trusted-checkpoint-keys)"));
            }
            if (!signatureHolds(cp)) {
                return refused(new ChainVerification(chain, false, 0, 1, 1L, null, cp.signature(),
                        "the signature of the checkpoint of " + cp.treeSize() + " events does not verify"));
            }
            verifier.anchor(cp.treeSize(), cp.rootHash());
        }
        List<RetentionAnchor> anchors = new ArrayList<>();
        for (JdbcRetention.StoredAnchor a : stored) {
            Optional<RetentionAnchor> trusted = trustedAnchor(a);
            if (trusted.isEmpty()) {
                return refused(new ChainVerification(chain, false, 0, 1, a.firstSeq(), null, a.keyId(),
                        "the retention anchor of events " + a.firstSeq() + " to " + a.lastSeq() + " is not signed "
                                + "by a trusted checkpoint key"));
            }
            anchors.add(trusted.get());
        }
        verifier.retentionAnchors(anchors);
        if (captureSeq >= 0) {
            verifier.captureAt(captureSeq);
        }
        // Rows are read on this thread and hashed on another (VerifierThread), in order.
        JdbcAuditLog.Head head = null;
        VerifierThread hashing = new VerifierThread(verifier::accept);
        try {
            head = log.stream(chain, hashing);
        } finally {
            if (head == null) {
                hashing.abandon();
            }
        }
        hashing.close();
        verifier.finish(head.seq(), head.hash());
        return new Retained(verifier.result(), verifier.captured());
    }

    private static Retained refused(ChainVerification v) {
        return new Retained(v, Optional.empty());
    }

    private Optional<RetentionAnchor> trustedAnchor(JdbcRetention.StoredAnchor a) {
        try {
            RetentionAnchor anchor = new RetentionAnchor(a.chain(), a.firstSeq(), a.lastSeq(), a.lastHash(), a.frontier(),
                    a.signedAt().toInstant());
            byte[] signature = Base64.getDecoder().decode(a.signature());
            return keys.verifierFor(a.keyId()).filter(v -> v.verifyAnchor(anchor, signature)).map(v -> anchor);
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private boolean signatureHolds(JdbcCheckpoints.StoredCheckpoint cp) {
        try {
            TreeHead head = new TreeHead(cp.chain(), cp.treeSize(), HexFormat.of().parseHex(cp.rootHash()),
                    cp.signedAt().toInstant());
            return keys.verifierFor(cp.keyId()).map(v -> v.verify(head, Base64.getDecoder().decode(cp.signature())))
                    .orElse(false);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    @Transactional
    public List<AuditEventView> events(String chain, Long before, int limit) {
        try {
            return log.page(chain, before, limit);
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.AUDIT_UNAVAILABLE, "The audit log could not be read.");
        }
    }

    @Override
    @Transactional
    public SortedMap<Instant, Long> recordWritesPerMinute(Collection<String> chains, Instant from) {
        if (from.isBefore(Instant.now().minus(Duration.ofDays(1)))) {
            throw new VelocityException(ErrorCode.INVALID_REQUEST, "Write volume is counted for the last day at most.");
        }
        if (chains.isEmpty()) {
            return new TreeMap<>();
        }
        try {
            return log.recordWritesPerMinute(chains, from);
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.AUDIT_UNAVAILABLE, "The audit log could not be read.");
        }
    }
}
