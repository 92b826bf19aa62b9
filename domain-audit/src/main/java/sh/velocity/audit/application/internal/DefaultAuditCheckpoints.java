package sh.velocity.audit.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.List;
import java.util.HexFormat;
import sh.velocity.audit.api.AuditCheckpoints;
import sh.velocity.audit.domain.merkle.MerkleTree;
import sh.velocity.audit.infrastructure.persistence.JdbcCheckpoints;
import sh.velocity.audit.infrastructure.persistence.JdbcRetention;
import sh.velocity.audit.infrastructure.persistence.JdbcCheckpoints.StoredCheckpoint;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;

/** Reads checkpoints, serves proofs against them, seals on demand, and publishes the verification key. */
@ApplicationScoped
public class DefaultAuditCheckpoints implements AuditCheckpoints {

    private static final HexFormat HEX = HexFormat.of();

    @Inject
    JdbcCheckpoints checkpoints;

    @Inject
    CheckpointSealer sealer;

    @Inject
    CheckpointKeys keys;

    @Inject
    JdbcRetention retention;

    @Override
    @Transactional
    public List<Checkpoint> list(String chain, int limit) {
        try {
            return checkpoints.list(chain, limit).stream().map(DefaultAuditCheckpoints::view).toList();
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.AUDIT_UNAVAILABLE, "The audit checkpoints could not be read.");
        }
    }

    @Override
    @Transactional
    public InclusionProof inclusion(String chain, long seq, Long treeSize) {
        try {
            StoredCheckpoint cp = (treeSize == null ? checkpoints.latest(chain) : checkpoints.at(chain, treeSize))
                    .orElseThrow(() -> notFound("No checkpoint " + (treeSize == null ? "" : "of " + treeSize
                            + " events ") + "for " + chain + "."));
            if (seq < 1 || seq > cp.treeSize()) {
                throw notFound("Event " + seq + " is not in the checkpoint of " + cp.treeSize() + " events.");
            }
            int size = size(cp.treeSize());
            requireKept(chain, size);
            int index = (int) (seq - 1);
            List<byte[]> path = checkpoints.withLeaves(chain, size, leaves -> MerkleTree.inclusionProof(leaves, index));
            String leaf = checkpoints.eventHash(chain, seq)
                    .orElseThrow(() -> new IllegalStateException("event " + seq + " vanished"));
            return new InclusionProof(seq, index, leaf, hex(path), view(cp));
        } catch (SQLException | IllegalStateException e) {
            throw new VelocityException(ErrorCode.AUDIT_UNAVAILABLE, "The proof could not be computed from the audit log.");
        }
    }

    @Override
    @Transactional
    public ConsistencyProof consistency(String chain, long from, long to) {
        if (from < 1 || from > to) {
            throw new VelocityException(ErrorCode.INVALID_REQUEST, "Need 1 <= from <= to.");
        }
        try {
            StoredCheckpoint older = checkpoints.at(chain, from)
                    .orElseThrow(() -> notFound("No checkpoint of " + from + " events for " + chain + "."));
            StoredCheckpoint newer = checkpoints.at(chain, to)
                    .orElseThrow(() -> notFound("No checkpoint of " + to + " events for " + chain + "."));
            requireKept(chain, to);
            List<byte[]> proof = checkpoints.withLeaves(chain, size(to),
                    leaves -> MerkleTree.consistencyProof(leaves, (int) from));
            return new ConsistencyProof(view(older), view(newer), hex(proof));
        } catch (SQLException | IllegalStateException e) {
            throw new VelocityException(ErrorCode.AUDIT_UNAVAILABLE, "The proof could not be computed from the audit log.");
        }
    }

    /**
     * Proofs are computed from the events themselves, so they need all of a checkpoint's events;
     * once retention dropped some, the checkpoints up to then stay verifiable (signatures, and the
     * anchors' frontiers in verify) but serve no new proofs.
     */
    private void requireKept(String chain, long treeSize) throws SQLException {
        for (JdbcRetention.StoredAnchor a : retention.anchors(chain)) {
            if (a.firstSeq() <= treeSize) {
                throw notFound("Events " + a.firstSeq() + " to " + a.lastSeq() + " of " + chain + " were dropped by "
                        + "retention; proofs are served for checkpoints whose events are all kept.");
            }
        }
    }

    private static int size(long treeSize) {
        if (treeSize > Integer.MAX_VALUE) {
            throw new VelocityException(ErrorCode.INVALID_REQUEST, "Proofs are served for chains of up to "
                    + Integer.MAX_VALUE + " events.");
        }
        return (int) treeSize;
    }

    private static Checkpoint view(StoredCheckpoint c) {
        return new Checkpoint(c.chain(), c.treeSize(), c.rootHash(), c.signedAt(), c.keyId(), c.signature());
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }

    private static VelocityException notFound(String detail) {
        return new VelocityException(ErrorCode.NOT_FOUND, detail);
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
