package sh.velocity.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import sh.velocity.audit.domain.CanonicalEvent;
import sh.velocity.audit.domain.StoredEvent;
import sh.velocity.audit.domain.export.ExportWriter;
import sh.velocity.audit.domain.export.SignedCheckpoint;
import sh.velocity.audit.domain.merkle.CheckpointSigner;
import sh.velocity.audit.domain.merkle.MerkleFrontier;
import sh.velocity.audit.domain.merkle.TreeHead;

/** A ten-event export with checkpoints after events 4 and 10, signed by {@link #signer}. */
final class SampleExports {

    static final String CHAIN = "acme/supply-chain/procurement/purchase-order/v1";

    final CheckpointSigner signer = CheckpointSigner.generate();

    byte[] export() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportWriter w = new ExportWriter(out);
        w.header(CHAIN, Instant.parse("2026-11-22T09:00:00Z"), List.of(signer.verifier()));
        MerkleFrontier f = MerkleFrontier.empty();
        String prev = CanonicalEvent.GENESIS_HASH;
        for (int i = 1; i <= 10; i++) {
            StoredEvent e = new StoredEvent(CHAIN, i, "bootstrap-admin", "record.create", CHAIN + "/r-" + i, "success",
                    null, "req-" + i, "127.0.0.1", "2026-11-22T08:00:00.00000" + (i % 10) + "Z",
                    "{\"id\": \"r-" + i + "\", \"version\": 1}", prev, null);
            String hash = CanonicalEvent.hash(e);
            w.event(new StoredEvent(CHAIN, i, e.actor(), e.operation(), e.resource(), e.result(), null, e.requestId(),
                    e.sourceIp(), e.createdAt(), e.payload(), prev, hash));
            f.append(HexFormat.of().parseHex(hash));
            prev = hash;
            if (i == 4 || i == 10) {
                Instant at = Instant.parse("2026-11-22T08:30:00Z").plusSeconds(i);
                w.checkpoint(new SignedCheckpoint(CHAIN, i, HexFormat.of().formatHex(f.root()), at, signer.keyId(),
                        Base64.getEncoder().encodeToString(signer.sign(new TreeHead(CHAIN, i, f.root(), at))),
                        f.hexRoots()));
            }
        }
        w.end(10, prev);
        return out.toByteArray();
    }
}
