package sh.velocity.audit.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.List;
import sh.velocity.audit.api.AuditCheckpoints;
import sh.velocity.audit.infrastructure.persistence.JdbcCheckpoints;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;

/** Reads checkpoints, seals on demand, and publishes the verification key. */
@ApplicationScoped
public class DefaultAuditCheckpoints implements AuditCheckpoints {

    @Inject
    JdbcCheckpoints checkpoints;

    @Inject
    CheckpointSealer sealer;

    @Inject
    CheckpointKeys keys;

    @Override
    @Transactional
    public List<Checkpoint> list(String chain, int limit) {
        try {
            return checkpoints.list(chain, limit).stream().map(c -> new Checkpoint(c.chain(), c.treeSize(),
                    c.rootHash(), c.signedAt(), c.keyId(), c.signature())).toList();
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.AUDIT_UNAVAILABLE, "The audit checkpoints could not be read.");
        }
    }

    @Override
    public int sealNow() {
        return sealer.sealAll();
    }

    @Override
    public PublicKey publicKey() {
        return new PublicKey(keys.keyId(), "Ed25519", keys.publicKeyBase64());
    }
}
