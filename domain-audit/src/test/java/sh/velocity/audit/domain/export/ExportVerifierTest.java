package sh.velocity.audit.domain.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import sh.velocity.audit.domain.merkle.CheckpointSigner;

/**
 * Issue 6, acceptance 3, in the domain: a valid export verifies; one byte changed anywhere fails,
 * names the event (on an event line) or the line, and never throws; keys can be pinned.
 */
class ExportVerifierTest {

    private static final Set<Integer> SIZES = Set.of(3, 8, 12);

    private final SampleExport sample = new SampleExport(12);
    private final byte[] export = sample.export(SIZES);

    private static ExportVerification verify(byte[] bytes, KeyTrust trust) {
        try {
            return new ExportVerifier(trust).verify(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static ExportVerification verify(byte[] bytes) {
        return verify(bytes, KeyTrust.exportKeys());
    }

    @Test
    void aFreshExportVerifies() {
        ExportVerification r = verify(export);
        assertTrue(r.valid(), r.toString());
        assertEquals(12, r.events());
        assertEquals(3, r.checkpoints());
        assertEquals(0, r.tampered());
        assertEquals(SampleExport.CHAIN, r.chain());
        assertFalse(r.keysPinned());
    }

    @Test
    void everyLineIsOneJsonObjectAndCheckpointsFollowTheEventsTheyCover() {
        List<String> lines = new String(export, StandardCharsets.UTF_8).lines().toList();
        assertEquals(1 + 12 + 3 + 1, lines.size());
        assertTrue(lines.get(0).startsWith("{\"type\":\"header\",\"format\":\"velocity-audit-export-v1\""));
        assertTrue(lines.get(4).startsWith("{\"type\":\"checkpoint\"") && lines.get(4).contains("\"treeSize\":3,"));
        assertTrue(lines.get(lines.size() - 1).startsWith("{\"type\":\"end\",\"events\":12,\"checkpoints\":3,"));
        assertTrue(new String(export, StandardCharsets.UTF_8).contains("Zoë"), "UTF-8, not \\u escapes");
    }

    /**
     * Every byte of one line of each kind (the header, the first and the last event, a checkpoint,
     * the end line) and every line's LF, in turn, with its lowest bit flipped. An event line's change
     * names that event, any other line's names a line; nothing throws.
     */
    @Test
    void oneChangedByteAnywhereFailsAndNamesTheEventOrTheLine() {
        List<int[]> spans = lineSpans(export);
        int endLine = spans.size();
        Set<Integer> wholeLines = Set.of(1, 2, 5, 15, endLine);
        for (int at = 0; at < export.length; at++) {
            int line = lineOf(spans, at);
            if (!wholeLines.contains(line) && export[at] != '\n') {
                continue;
            }
            byte[] changed = export.clone();
            changed[at] ^= 0x01;
            ExportVerification r = verify(changed);
            String where = "byte " + at + " (line " + line + "): " + r;
            assertFalse(r.valid(), where);
            assertNotNull(r.reason(), where);
            assertNotNull(r.firstBadLine(), where);
            Long seq = eventSeqOfLine(line);
            if (seq != null) {
                assertEquals(seq, r.firstBadEvent(), where);
                assertEquals((long) line, r.firstBadLine(), where);
            } else if (line == 1) {
                assertTrue(r.firstBadLine() == 1 || r.firstBadLine() == endLine, where);
            } else {
                assertEquals((long) line, r.firstBadLine(), where);
            }
        }
    }

    @Test
    void anEditedPayloadIsAHashMismatchAtItsEventWithExpectedAndActual() {
        String text = new String(export, StandardCharsets.UTF_8).replace("r-5\\\"", "r-6\\\"");
        ExportVerification r = verify(text.getBytes(StandardCharsets.UTF_8));
        assertFalse(r.valid());
        assertEquals(5L, r.firstBadEvent());
        assertEquals("hash mismatch", r.reason());
        assertEquals(sample.events.get(4).hash(), r.actual());
        assertNotNull(r.expected());
    }

    @Test
    void aPinnedKeyVerifiesAndAnyOtherKeyIsRefused() {
        ExportVerification pinned = verify(export, KeyTrust.pinned(List.of(sample.signer.verifier())));
        assertTrue(pinned.valid(), pinned.toString());
        assertTrue(pinned.keysPinned());

        ExportVerification other = verify(export, KeyTrust.pinned(List.of(CheckpointSigner.generate().verifier())));
        assertFalse(other.valid());
        assertEquals(1L, other.firstBadEvent());
        assertEquals(5L, other.firstBadLine());
        assertTrue(other.reason().contains("is not among the trusted keys"), other.reason());
    }

    @Test
    void aForgerWhoRewritesTheChainAndSignsWithHisOwnKeyPassesOnlyWithoutPinning() {
        SampleExport forged = new SampleExport(12);
        byte[] bytes = forged.export(SIZES);
        assertTrue(verify(bytes).valid(), "self-consistent, signed by the key in its own header");
        assertFalse(verify(bytes, KeyTrust.pinned(List.of(sample.signer.verifier()))).valid());
    }

    @Test
    void aTruncatedExportIsCutShort() {
        String text = new String(export, StandardCharsets.UTF_8);
        String cut = text.substring(0, text.lastIndexOf("{\"type\":\"end\""));
        ExportVerification r = verify(cut.getBytes(StandardCharsets.UTF_8));
        assertFalse(r.valid());
        assertTrue(r.reason().contains("without its end line"), r.reason());
        assertEquals(13L, r.firstBadEvent());
    }

    @Test
    void newestEventsDeletedWithTheHeadRewrittenAreCaughtByALaterCheckpoint() {
        // The server exports the events it still has, then the checkpoints that cover more.
        byte[] shorter = sample.export(1, 10, Set.of(3, 8));
        String text = new String(shorter, StandardCharsets.UTF_8);
        String end = text.substring(text.lastIndexOf("{\"type\":\"end\""));
        String withLaterCheckpoint = text.replace(end, checkpointLine(12) + end);
        ExportVerification r = verify(rehash(withLaterCheckpoint));
        assertFalse(r.valid());
        assertEquals(11L, r.firstBadEvent());
        assertTrue(r.reason().contains("chain ends at event 10 but a signed checkpoint covers 12 events"), r.reason());
    }

    @Test
    void verificationCanStartFromARetentionAnchorInsteadOfTheGenesis() throws IOException {
        byte[] tail = sample.export(6, 12, SIZES);
        ExportVerification r = new ExportVerifier(KeyTrust.exportKeys(), sample.startAfter(5))
                .verify(new ByteArrayInputStream(tail));
        assertTrue(r.valid(), r.toString());
        assertEquals(7, r.events());
        assertEquals(2, r.checkpoints());
        assertFalse(verify(tail).valid(), "from the genesis, event 6 is not the first");
    }

    @Test
    void malformedInputIsReportedNeverThrown() {
        String header = new String(export, StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        for (String bad : List.of("", "\n", "not json\n", "{\"type\":\"header\",\"type\":\"header\"}\n",
                header + "\n{\"type\":\"event\"}\n", header + "\n[1,2]\n", header + "\n{\"type\":\"end\",\"events\":1.5}\n",
                header + "\n" + "[".repeat(100) + "\n")) {
            ExportVerification r = verify(bad.getBytes(StandardCharsets.UTF_8));
            assertFalse(r.valid(), bad);
            assertNotNull(r.firstBadLine(), bad);
        }
        byte[] notUtf8 = export.clone();
        notUtf8[lineSpans(export).get(2)[0] + 20] = (byte) 0xC3;
        ExportVerification r = verify(notUtf8);
        assertFalse(r.valid());
        assertEquals(2L, r.firstBadEvent());
    }

    private String checkpointLine(int size) {
        sh.velocity.audit.domain.merkle.MerkleFrontier f = sh.velocity.audit.domain.merkle.MerkleFrontier.empty();
        sample.events.subList(0, size).forEach(e -> f.append(java.util.HexFormat.of().parseHex(e.hash())));
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            new ExportWriter(out).checkpoint(sample.checkpoint(f));
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Re-computes the end line's counts and digest, as whoever edits an export would. */
    private static byte[] rehash(String text) {
        String body = text.substring(0, text.lastIndexOf("{\"type\":\"end\""));
        String end = text.substring(body.length());
        long checkpoints = body.lines().filter(l -> l.startsWith("{\"type\":\"checkpoint\"")).count();
        String digest = java.util.HexFormat.of().formatHex(ExportWriter.sha256().digest(body.getBytes(StandardCharsets.UTF_8)));
        end = end.replaceAll("\"checkpoints\":\\d+", "\"checkpoints\":" + checkpoints)
                .replaceAll("\"sha256\":\"[0-9a-f]+\"", "\"sha256\":\"" + digest + "\"");
        return (body + end).getBytes(StandardCharsets.UTF_8);
    }

    /** The event on a line of the sample export (checkpoints after events 3, 8 and 12), or null. */
    private static Long eventSeqOfLine(int line) {
        long seq = 0;
        for (int l = 2; l <= line; l++) {
            boolean checkpoint = l == 2 + 3 || l == 2 + 8 + 1 || l == 2 + 12 + 2;
            if (!checkpoint) {
                seq++;
            }
            if (l == line) {
                return checkpoint || seq > 12 ? null : seq;
            }
        }
        return null;
    }

    /** [start, end] byte offsets of each line, its LF included. */
    private static List<int[]> lineSpans(byte[] bytes) {
        List<int[]> spans = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                spans.add(new int[] {start, i});
                start = i + 1;
            }
        }
        return spans;
    }

    private static int lineOf(List<int[]> spans, int at) {
        for (int i = 0; i < spans.size(); i++) {
            if (at >= spans.get(i)[0] && at <= spans.get(i)[1]) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("offset " + at);
    }
}
