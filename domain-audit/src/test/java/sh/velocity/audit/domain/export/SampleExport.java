package sh.velocity.audit.domain.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import sh.velocity.audit.domain.CanonicalEvent;
import sh.velocity.audit.domain.StoredEvent;
import sh.velocity.audit.domain.merkle.CheckpointSigner;
import sh.velocity.audit.domain.merkle.MerkleFrontier;
import sh.velocity.audit.domain.merkle.TreeHead;

/**
 * A chain of events with awkward content (non-ASCII, quotes, backslashes, a control character,
 * SQL NULLs) and signed checkpoints at chosen sizes, exported with {@link ExportWriter}.
 */
final class SampleExport {

    static final String CHAIN = "acme/supply-chain/procurement/purchase-order/v1";

    final CheckpointSigner signer = CheckpointSigner.generate();
    final List<StoredEvent> events = new ArrayList<>();

    SampleExport(int n) {
        String prev = CanonicalEvent.GENESIS_HASH;
        for (int i = 1; i <= n; i++) {
            String payload = i % 3 == 0 ? "{}" : "{\"id\": \"r-" + i + "\", \"note\": \"Zoë said \\\"hi\\\" \\\\ \\u0007\"}";
            StoredEvent unsigned = new StoredEvent(CHAIN, i, i % 2 == 0 ? "zoë" : "bootstrap-admin", "record.create",
                    CHAIN + "/r-" + i, i % 4 == 0 ? "denied" : "success", i % 4 == 0 ? "missing permission\tcreate\u0001" : null,
                    i % 5 == 0 ? null : "req-" + i, "127.0.0.1", "2026-11-22T08:00:0" + (i % 10) + ".12345" + (i % 10)
                    + "Z", payload, prev, null);
            String hash = CanonicalEvent.hash(unsigned);
            events.add(new StoredEvent(CHAIN, i, unsigned.actor(), unsigned.operation(), unsigned.resource(),
                    unsigned.result(), unsigned.failMode(), unsigned.requestId(), unsigned.sourceIp(),
                    unsigned.createdAt(), payload, prev, hash));
            prev = hash;
        }
    }

    /** The export of events {@code from..to} (1-based) with checkpoints at {@code sizes}. */
    byte[] export(int from, int to, Set<Integer> sizes) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ExportWriter w = new ExportWriter(out);
            w.header(CHAIN, Instant.parse("2026-11-22T09:00:00.123Z"), List.of(signer.verifier()));
            MerkleFrontier f = MerkleFrontier.empty();
            for (int i = 1; i <= events.size(); i++) {
                f.append(HexFormat.of().parseHex(events.get(i - 1).hash()));
                if (i >= from && i <= to) {
                    w.event(events.get(i - 1));
                    if (sizes.contains(i)) {
                        w.checkpoint(checkpoint(f));
                    }
                }
            }
            StoredEvent head = events.get(to - 1);
            w.end(head.seq(), head.hash());
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] export(Set<Integer> sizes) {
        return export(1, events.size(), sizes);
    }

    SignedCheckpoint checkpoint(MerkleFrontier f) {
        Instant at = Instant.parse("2026-11-22T08:30:00Z").plusMillis(f.size());
        TreeHead head = new TreeHead(CHAIN, f.size(), f.root(), at);
        return new SignedCheckpoint(CHAIN, f.size(), HexFormat.of().formatHex(f.root()), at, signer.keyId(),
                Base64.getEncoder().encodeToString(signer.sign(head)), f.hexRoots());
    }

    /** The frontier after the first {@code n} events. */
    ChainStart startAfter(int n) {
        MerkleFrontier f = MerkleFrontier.empty();
        events.subList(0, n).forEach(e -> f.append(HexFormat.of().parseHex(e.hash())));
        return new ChainStart(n, events.get(n - 1).hash(), f.hexRoots());
    }
}
