package sh.velocity.audit.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Logger;
import sh.velocity.audit.domain.merkle.MerkleFrontier;
import sh.velocity.audit.domain.merkle.TreeHead;
import sh.velocity.audit.infrastructure.persistence.JdbcCheckpoints;
import sh.velocity.audit.infrastructure.persistence.JdbcCheckpoints.Behind;
import sh.velocity.audit.infrastructure.persistence.JdbcCheckpoints.StoredCheckpoint;

/**
 * Seals every chain whose head moved since its last checkpoint: resumes the Merkle frontier stored
 * with that checkpoint, appends the new events' hashes, signs the tree head and stores it. The
 * events are read up to the head as it was read, in one transaction, so a checkpoint never covers
 * an event that is not committed.
 */
@ApplicationScoped
public class CheckpointSealer {

    private static final Logger LOG = Logger.getLogger(CheckpointSealer.class.getName());

    @Inject
    JdbcCheckpoints checkpoints;

    @Inject
    CheckpointKeys keys;

    /** Seals every chain that is behind; returns how many checkpoints were written. */
    @Transactional
    public int sealAll() {
        try {
            int written = 0;
            for (Behind chain : checkpoints.chainsBehind()) {
                written += seal(chain) ? 1 : 0;
            }
            return written;
        } catch (SQLException e) {
            LOG.warning("Audit checkpoints could not be written (SQLState " + e.getSQLState() + ")");
            return 0;
        }
    }

    private boolean seal(Behind chain) throws SQLException {
        MerkleFrontier frontier = MerkleFrontier.resume(chain.checkpointSize(), chain.frontier());
        long[] expected = {chain.checkpointSize() + 1};
        boolean[] gap = {false};
        checkpoints.eventHashes(chain.chain(), chain.checkpointSize(), chain.headSeq(), (seq, hash) -> {
            if (seq != expected[0]) {
                gap[0] = true;
            }
            expected[0] = seq + 1;
            frontier.append(HexFormat.of().parseHex(hash));
        });
        if (gap[0] || frontier.size() != chain.headSeq()) {
            LOG.severe("Audit chain " + chain.chain() + " has gaps below its head (event " + chain.headSeq()
                    + "): not sealed; run GET /api/v1/audit/verify on it.");
            return false;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        byte[] root = frontier.root();
        TreeHead head = new TreeHead(chain.chain(), frontier.size(), root, now);
        String signature = Base64.getEncoder().encodeToString(keys.signer().sign(head));
        return checkpoints.insert(new StoredCheckpoint(chain.chain(), frontier.size(), HexFormat.of().formatHex(root),
                OffsetDateTime.ofInstant(now, ZoneOffset.UTC), keys.keyId(), signature, List.copyOf(frontier.hexRoots())));
    }
}
