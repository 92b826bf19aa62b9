package sh.velocity.audit.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import sh.velocity.audit.api.AuditEventView;
import sh.velocity.audit.api.AuditQueries;
import sh.velocity.audit.api.AuditVerifier;
import sh.velocity.audit.api.ChainVerification;
import sh.velocity.audit.domain.ChainVerifier;
import sh.velocity.audit.domain.merkle.TreeHead;
import sh.velocity.audit.infrastructure.persistence.JdbcAuditLog;
import sh.velocity.audit.infrastructure.persistence.JdbcCheckpoints;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;

/**
 * Verifies a chain by streaming it once, in one read transaction (a consistent snapshot), and
 * against its latest signed checkpoint: the checkpoint's signature first, then its root over the
 * first events, and that the chain is not shorter than it.
 */
@ApplicationScoped
public class DefaultAuditVerifier implements AuditVerifier, AuditQueries {

    @Inject
    JdbcAuditLog log;

    @Inject
    JdbcCheckpoints checkpoints;

    @Inject
    CheckpointKeys keys;

    @Override
    @Transactional
    public ChainVerification verify(String chain) {
        ChainVerifier verifier = new ChainVerifier(chain);
        try {
            Optional<JdbcCheckpoints.StoredCheckpoint> checkpoint = checkpoints.latest(chain);
            if (checkpoint.isPresent()) {
                JdbcCheckpoints.StoredCheckpoint cp = checkpoint.get();
                if (keys.verifierFor(cp.keyId()).isEmpty()) {
                    return new ChainVerification(chain, false, 0, 1, 1L, null, cp.keyId(), "the checkpoint of "
                            + cp.treeSize() + " events is signed by key " + cp.keyId() + ", which this server does not "
                            + "trust (velocity.audit.trusted-checkpoint-keys)");
                }
                if (!signatureHolds(cp)) {
                    return new ChainVerification(chain, false, 0, 1, 1L, null, cp.signature(),
                            "the signature of the checkpoint of " + cp.treeSize() + " events does not verify");
                }
                verifier.anchor(cp.treeSize(), cp.rootHash());
            }
            JdbcAuditLog.Head head = log.stream(chain, verifier::accept);
            verifier.finish(head.seq(), head.hash());
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.AUDIT_UNAVAILABLE, "The audit log could not be read.");
        }
        return verifier.result();
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
}
