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
 * {@link VerifierThread} hashes them meanwhile. For the periodic monitor, a pass over the whole
 * chain also hands on where it ended, and a later pass reads only the events written since
 * ({@link #verifyNew}).
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

    @Inject
    HalvesVerifier halves;

    @Override
    @Transactional
    public ChainVerification verify(String chain) {
        return halves.verify(chain).orElseGet(() -> verifyCapturing(chain, -1).verification());
    }

    /**
     * A pass over a chain: the verification; the chain's state right after the event retention
     * asked for; where the pass ended, when it followed the tail for the monitor and found nothing
     * wrong; and the signed checkpoint the chain was compared with.
     */
    public record Pass(ChainVerification verification, Optional<ChainVerifier.Position> capture,
                       Optional<ChainVerifier.Position> end, Optional<Sealed> checkpoint) {
    }

    /** A signed checkpoint (its signature verified) by what it commits to. */
    public record Sealed(long treeSize, String rootHash) {
    }

    /**
     * Verifies the chain and captures its hash and Merkle frontier right after event
     * {@code captureSeq} (none when negative). A retention run committing meanwhile (anchors in,
     * partition out) would look like deleted events to a pass that read the anchors before it;
     * such a pass is repeated, since the anchors it read are no longer the chain's.
     */
    @Transactional
    public Pass verifyCapturing(String chain, long captureSeq) {
        return repeating(chain, captureSeq, false);
    }

    /**
     * The monitor's pass over the whole chain, handing on where it ended ({@link Pass#end}) and
     * capturing the chain's state right after event {@code seenSeq} (none when negative): where the
     * monitor's last pass had ended.
     */
    @Transactional
    public Pass verifyWhole(String chain, long seenSeq) {
        return repeating(chain, seenSeq, true);
    }

    /**
     * The monitor's pass over the events written since {@code previous} ended, in one snapshot: the
     * event it ended at must be unchanged, the new events link on from it, the chain's recorded head
     * must be the last of them, and a checkpoint signed since is compared at its size through the
     * Merkle frontier carried over. Empty when this pass cannot vouch for the chain on its own: it
     * found anything wrong (a pass over the whole chain locates it, and tells retention's work from
     * tampering), or the latest checkpoint is older than where {@code previous} ended and is not the
     * one it was compared with.
     */
    @Transactional
    public Optional<Pass> verifyNew(String chain, Pass previous) {
        ChainVerifier.Position from = previous.end().orElseThrow();
        try {
            ChainVerifier verifier = ChainVerifier.resume(chain, from);
            Optional<Sealed> compared = previous.checkpoint();
            Optional<JdbcCheckpoints.StoredCheckpoint> checkpoint = checkpoints.latest(chain);
            if (checkpoint.isPresent()) {
                JdbcCheckpoints.StoredCheckpoint cp = checkpoint.get();
                Sealed sealed = new Sealed(cp.treeSize(), cp.rootHash());
                if (cp.treeSize() >= from.seq()) {
                    if (!signatureHolds(keys, cp)) {
                        return Optional.empty();
                    }
                    verifier.anchor(cp.treeSize(), cp.rootHash());
                    compared = Optional.of(sealed);
                } else if (!compared.equals(Optional.of(sealed))) {
                    return Optional.empty();
                }
            } else if (compared.isPresent()) {
                return Optional.empty();
            }
            JdbcAuditLog.Head head = read(chain, from.seq(), verifier);
            verifier.finish(head.seq(), head.hash());
            ChainVerification v = verifier.result();
            if (!v.valid()) {
                return Optional.empty();
            }
            return Optional.of(new Pass(v, Optional.empty(), verifier.position(), compared));
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.AUDIT_UNAVAILABLE, "The audit log could not be read.");
        }
    }

    private Pass repeating(String chain, long captureSeq, boolean followTail) {
        try {
            for (int attempt = 1; ; attempt++) {
                List<JdbcRetention.StoredAnchor> before = retention.anchors(chain);
                Pass r = verifyOnce(chain, captureSeq, followTail, before);
                if (r.verification().valid() || attempt == 3 || before.equals(retention.anchors(chain))) {
                    return r;
                }
            }
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.AUDIT_UNAVAILABLE, "The audit log could not be read.");
        }
    }

    private Pass verifyOnce(String chain, long captureSeq, boolean followTail,
                            List<JdbcRetention.StoredAnchor> stored) throws SQLException {
        ChainVerifier verifier = new ChainVerifier(chain);
        Optional<Sealed> compared = Optional.empty();
        Optional<JdbcCheckpoints.StoredCheckpoint> checkpoint = checkpoints.latest(chain);
        if (checkpoint.isPresent()) {
            JdbcCheckpoints.StoredCheckpoint cp = checkpoint.get();
            if (keys.verifierFor(cp.keyId()).isEmpty()) {
                return refused(new ChainVerification(chain, false, 0, 1, 1L, null, cp.keyId(), "the checkpoint of "
                        + cp.treeSize() + " events is signed by key " + cp.keyId() + ", which this server does not "
                        + "trust (velocity.audit.trusted-checkpoint-keys)"));
            }
            if (!signatureHolds(keys, cp)) {
                return refused(new ChainVerification(chain, false, 0, 1, 1L, null, cp.signature(),
                        "the signature of the checkpoint of " + cp.treeSize() + " events does not verify"));
            }
            verifier.anchor(cp.treeSize(), cp.rootHash());
            compared = Optional.of(new Sealed(cp.treeSize(), cp.rootHash()));
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
        if (followTail) {
            verifier.followTail();
        }
        JdbcAuditLog.Head head = read(chain, 0, verifier);
        verifier.finish(head.seq(), head.hash());
        ChainVerification v = verifier.result();
        return new Pass(v, verifier.captured(), verifier.position(), compared);
    }

    /** Streams the chain from event {@code fromSeq} on: read on this thread, hashed on another ({@link VerifierThread}), in order. */
    private JdbcAuditLog.Head read(String chain, long fromSeq, ChainVerifier verifier) throws SQLException {
        JdbcAuditLog.Head head = null;
        VerifierThread hashing = new VerifierThread(verifier::accept);
        try {
            head = log.stream(chain, fromSeq, hashing);
        } finally {
            if (head == null) {
                hashing.abandon();
            }
        }
        hashing.close();
        return head;
    }

    private static Pass refused(ChainVerification v) {
        return new Pass(v, Optional.empty(), Optional.empty(), Optional.empty());
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

    /** Whether the checkpoint's signature holds under one of the keys this server trusts. */
    static boolean signatureHolds(CheckpointKeys keys, JdbcCheckpoints.StoredCheckpoint cp) {
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
