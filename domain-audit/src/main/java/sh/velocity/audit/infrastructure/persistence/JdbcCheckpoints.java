package sh.velocity.audit.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import sh.velocity.audit.domain.ChainOrg;
import sh.velocity.audit.domain.merkle.LeafSource;
import sh.velocity.kernel.db.Database;

/** Signed checkpoints of the audit chains, and the event hashes they are computed from. */
@ApplicationScoped
public class JdbcCheckpoints {

    private static final String CHECKPOINT_COLUMNS = "chain, tree_size, root_hash, signed_at, key_id, signature, frontier";

    @Inject
    Database database;

    /** One stored checkpoint. */
    public record StoredCheckpoint(String chain, long treeSize, String rootHash, OffsetDateTime signedAt, String keyId,
                                   String signature, List<String> frontier) {
    }

    /** A chain whose head is ahead of its last checkpoint (size 0 and no frontier when it has none). */
    public record Behind(String chain, long headSeq, long checkpointSize, List<String> frontier) {
    }

    public List<Behind> chainsBehind() throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT h.chain, h.seq, coalesce(cp.tree_size, 0) AS size, "
                     + "cp.frontier FROM platform.audit_chain_heads h LEFT JOIN LATERAL (SELECT tree_size, frontier "
                     + "FROM platform.audit_checkpoints c WHERE c.chain = h.chain ORDER BY tree_size DESC LIMIT 1) cp "
                     + "ON true WHERE h.seq > coalesce(cp.tree_size, 0) ORDER BY h.chain")) {
            List<Behind> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Behind(rs.getString(1), rs.getLong(2), rs.getLong(3), strings(rs.getArray(4))));
                }
            }
            return out;
        }
    }

    /** Streams the hashes of events {@code after+1 .. upTo} in sequence order, with their sequence numbers. */
    public void eventHashes(String chain, long after, long upTo, HashSink sink) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM platform.audit_log "
                     + "WHERE org = ? AND chain = ? AND seq > ? AND seq <= ? ORDER BY seq")) {
            ps.setFetchSize(5000);
            ps.setString(1, ChainOrg.of(chain));
            ps.setString(2, chain);
            ps.setLong(3, after);
            ps.setLong(4, upTo);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(rs.getLong(1), rs.getString(2));
                }
            }
        }
    }

    /**
     * Runs {@code work} over the chain's first {@code size} event hashes as Merkle leaves, read
     * through one forward-only cursor (leaves must be asked for in ascending order, as
     * {@code MerkleTree} does), so a proof over a long chain holds one row in memory at a time.
     */
    public <T> T withLeaves(String chain, int size, java.util.function.Function<LeafSource, T> work) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM platform.audit_log "
                     + "WHERE org = ? AND chain = ? AND seq <= ? ORDER BY seq")) {
            ps.setFetchSize(5000);
            ps.setString(1, ChainOrg.of(chain));
            ps.setString(2, chain);
            ps.setLong(3, size);
            try (ResultSet rs = ps.executeQuery()) {
                return work.apply(new CursorLeaves(rs, size));
            }
        }
    }

    /** A forward-only view of the event hashes as leaves; a gap in the sequence is an error. */
    private static final class CursorLeaves implements LeafSource {

        private final ResultSet rs;
        private final int size;
        private int position = -1;
        private byte[] current;

        CursorLeaves(ResultSet rs, int size) {
            this.rs = rs;
            this.size = size;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public byte[] leaf(int index) {
            try {
                while (position < index) {
                    if (!rs.next() || rs.getLong(1) != position + 2) {
                        throw new IllegalStateException("the chain has a gap before event " + (position + 2));
                    }
                    position++;
                    current = java.util.HexFormat.of().parseHex(rs.getString(2));
                }
                if (position != index) {
                    throw new IllegalStateException("leaves must be read in ascending order");
                }
                return current;
            } catch (SQLException e) {
                throw new IllegalStateException("the audit log could not be read", e);
            }
        }
    }

    /** One event's stored hash, by its sequence number (the primary-key lookup of a single row). */
    public Optional<String> eventHash(String chain, long seq) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT hash FROM platform.audit_log WHERE org = ? AND chain = ? AND seq = ?")) {
            ps.setString(1, ChainOrg.of(chain));
            ps.setString(2, chain);
            ps.setLong(3, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Receives one event's sequence number and hash. */
    @FunctionalInterface
    public interface HashSink {
        void accept(long seq, String hash);
    }

    /** Stores a checkpoint; false when one of that size exists already (another replica sealed it). */
    public boolean insert(StoredCheckpoint cp) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO platform.audit_checkpoints (chain, tree_size, "
                     + "root_hash, signed_at, key_id, signature, frontier) VALUES (?, ?, ?, ?, ?, ?, ?) "
                     + "ON CONFLICT (chain, tree_size) DO NOTHING")) {
            ps.setString(1, cp.chain());
            ps.setLong(2, cp.treeSize());
            ps.setString(3, cp.rootHash());
            ps.setObject(4, cp.signedAt());
            ps.setString(5, cp.keyId());
            ps.setString(6, cp.signature());
            ps.setArray(7, c.createArrayOf("text", cp.frontier().toArray()));
            return ps.executeUpdate() == 1;
        }
    }

    /** The checkpoint of exactly {@code treeSize} events, if one was sealed. */
    public Optional<StoredCheckpoint> at(String chain, long treeSize) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + CHECKPOINT_COLUMNS
                     + " FROM platform.audit_checkpoints WHERE chain = ? AND tree_size = ?")) {
            ps.setString(1, chain);
            ps.setLong(2, treeSize);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(checkpoint(rs)) : Optional.empty();
            }
        }
    }

    public Optional<StoredCheckpoint> latest(String chain) throws SQLException {
        List<StoredCheckpoint> one = list(chain, 1);
        return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
    }

    /** The newest {@code limit} checkpoints of the chain, newest first. */
    public List<StoredCheckpoint> list(String chain, int limit) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + CHECKPOINT_COLUMNS
                     + " FROM platform.audit_checkpoints WHERE chain = ? ORDER BY tree_size DESC LIMIT ?")) {
            ps.setString(1, chain);
            ps.setInt(2, limit);
            List<StoredCheckpoint> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(checkpoint(rs));
                }
            }
            return out;
        }
    }

    /** Every chain that has events, for the periodic verification. */
    public void chains(Consumer<String> sink) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT chain FROM platform.audit_chain_heads ORDER BY chain");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                sink.accept(rs.getString(1));
            }
        }
    }

    /**
     * Runs {@code work} over every checkpoint of the chain, smallest first, read through one
     * forward-only cursor (a checkpoint per minute adds up over years; none is held beyond its turn).
     */
    public <T> T ascending(String chain, CheckpointWork<T> work) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + CHECKPOINT_COLUMNS
                     + " FROM platform.audit_checkpoints WHERE chain = ? ORDER BY tree_size")) {
            ps.setFetchSize(500);
            ps.setString(1, chain);
            try (ResultSet rs = ps.executeQuery()) {
                return work.apply(new CheckpointCursor(rs));
            }
        }
    }

    /** What runs while the cursor of {@link #ascending} is open. */
    @FunctionalInterface
    public interface CheckpointWork<T> {
        T apply(CheckpointCursor checkpoints) throws SQLException;
    }

    /** A forward-only view of checkpoints: {@link #next} gives the next one, or null after the last. */
    public static final class CheckpointCursor {

        private final ResultSet rs;

        CheckpointCursor(ResultSet rs) {
            this.rs = rs;
        }

        public StoredCheckpoint next() throws SQLException {
            return rs.next() ? checkpoint(rs) : null;
        }
    }

    /** A row of {@code CHECKPOINT_COLUMNS}. */
    private static StoredCheckpoint checkpoint(ResultSet rs) throws SQLException {
        return new StoredCheckpoint(rs.getString(1), rs.getLong(2), rs.getString(3),
                rs.getObject(4, OffsetDateTime.class), rs.getString(5), rs.getString(6), strings(rs.getArray(7)));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
