package sh.velocity.audit.domain.export;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import sh.velocity.audit.api.ChainVerification;
import sh.velocity.audit.domain.ChainVerifier;
import sh.velocity.audit.domain.StoredEvent;
import sh.velocity.audit.domain.merkle.CheckpointVerifier;
import sh.velocity.audit.domain.merkle.MerkleFrontier;
import sh.velocity.audit.domain.merkle.RetentionAnchor;
import sh.velocity.audit.domain.merkle.TreeHead;

/**
 * Checks an export offline, in one pass and constant memory: every event's hash and link and the
 * chain's end against its head ({@link ChainVerifier}, the rules the server applies), every
 * checkpoint's Ed25519 signature with the key its key id names, the Merkle root the events give at
 * each checkpoint's size (and the frontier there), the end line's counts, and the digest of the file.
 *
 * <p>Whatever the input, the answer is a report, never an exception: a changed byte anywhere shows as
 * a problem that names the event and the line, and a line that is not what the format says stops the
 * check there, naming that line. Only a failure to read the input itself throws.
 *
 * <p>Verification starts from a {@link ChainStart}: the genesis, or later a verified retention
 * anchor, from which the sequence, the hash link and the Merkle tree resume.
 */
public final class ExportVerifier {

    /** No line of a real export comes near this; a longer one is refused before it is held. */
    public static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

    private static final HexFormat HEX = HexFormat.of();

    private final KeyTrust trust;
    private final ChainStart start;

    public ExportVerifier(KeyTrust trust) {
        this(trust, ChainStart.genesis());
    }

    public ExportVerifier(KeyTrust trust, ChainStart start) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.start = Objects.requireNonNull(start, "start");
    }

    /** Reads the export to its end (or to the first line that is not well-formed) and reports. */
    public ExportVerification verify(InputStream in) throws IOException {
        return new Run(new LineReader(new BufferedInputStream(in, 1 << 16), MAX_LINE_BYTES)).run();
    }

    /** The state of one verification. */
    private final class Run {

        private final LineReader lines;
        private final MessageDigest digest = ExportWriter.sha256();
        private final Map<String, CheckpointVerifier> exportKeys = new HashMap<>();

        private String chain;
        private ChainVerifier chainVerifier;
        private long chainProblemsSeen;
        private MerkleFrontier frontier;
        private long lastSeq;
        private long events;
        private long checkpointLines;
        private long checkpointsHeld;
        private long lastCheckpointSize;
        private long lastGoodCheckpointSize;
        private SignedCheckpoint beyond;
        private long beyondLine;
        private boolean headerChainReported;

        private long tampered;
        private Long firstBadEvent;
        private Long firstBadLine;
        private String reason;
        private String expected;
        private String actual;

        Run(LineReader lines) {
            this.lines = lines;
            this.lastSeq = start.seq();
            this.lastCheckpointSize = start.seq();
            this.lastGoodCheckpointSize = start.seq();
        }

        ExportVerification run() throws IOException {
            try {
                LineReader.Line line = lines.next();
                if (line == null) {
                    return fatal(start.seq() + 1, 1L, "the export is empty: it has no header line");
                }
                if (!header(line)) {
                    return result();
                }
                while ((line = lines.next()) != null) {
                    Map<String, Object> o = parse(line);
                    if (o == null) {
                        return result();
                    }
                    Object type = o.get("type");
                    if (ExportFormat.END.equals(type)) {
                        end(line, o);
                        LineReader.Line after = lines.next();
                        if (after != null) {
                            problem(null, after.number(), "line " + after.number() + " follows the end line", null, null);
                        }
                        return result();
                    }
                    digest.update(line.raw());
                    if (line.terminated()) {
                        digest.update((byte) '\n');
                    }
                    boolean wellFormed;
                    if (ExportFormat.EVENT.equals(type)) {
                        wellFormed = event(line, o);
                    } else if (ExportFormat.CHECKPOINT.equals(type)) {
                        wellFormed = checkpoint(line, o);
                    } else if (ExportFormat.ANCHOR.equals(type)) {
                        wellFormed = anchor(line, o);
                    } else {
                        return fatal(lastSeq + 1, line.number(), "line " + line.number()
                                + " is not an event, checkpoint, anchor or end line");
                    }
                    if (!wellFormed) {
                        return result();
                    }
                }
                return fatal(lastSeq + 1, lines.number() + 1, "the export ends after line " + lines.number()
                        + " without its end line: it was cut short");
            } catch (LineReader.LineTooLong e) {
                return fatal(lastSeq + 1, e.line(), "line " + e.line() + " is longer than " + MAX_LINE_BYTES + " bytes");
            }
        }

        private boolean header(LineReader.Line line) {
            digest.update(line.raw());
            digest.update((byte) '\n');
            Map<String, Object> o = parse(line);
            if (o == null) {
                return false;
            }
            try {
                if (!ExportFormat.HEADER.equals(o.get("type"))) {
                    throw new JsonLine.MalformedLine("the first line must be the export's header");
                }
                keys(o, ExportFormat.HEADER_KEYS, "header");
                String format = string(o, "format");
                if (!ExportFormat.NAME.equals(format)) {
                    fatal(start.seq() + 1, 1L, "this is not a " + ExportFormat.NAME + " export (format "
                            + format + ")");
                    return false;
                }
                chain = string(o, "chain");
                if (ExportFormat.parseMillis(string(o, "exportedAt")).isEmpty()) {
                    throw new JsonLine.MalformedLine("exportedAt is not a UTC timestamp in milliseconds");
                }
                for (Object k : list(o, "keys")) {
                    if (!(k instanceof Map<?, ?> key)) {
                        throw new JsonLine.MalformedLine("each of keys must be an object");
                    }
                    headerKey(asObject(key));
                }
            } catch (JsonLine.MalformedLine e) {
                fatal(start.seq() + 1, 1L, "line 1 is not a well-formed header: " + e.getMessage());
                return false;
            }
            chainVerifier = new ChainVerifier(chain, start.seq(), start.hash());
            frontier = start.merkleFrontier();
            return true;
        }

        private void headerKey(Map<String, Object> key) {
            keys(key, ExportFormat.KEY_KEYS, "key");
            String keyId = string(key, "keyId");
            String publicKey = string(key, "publicKey");
            CheckpointVerifier verifier;
            try {
                verifier = canonicalBase64(publicKey).map(CheckpointVerifier::of).orElse(null);
            } catch (IllegalArgumentException e) {
                verifier = null;
            }
            if (verifier == null) {
                problem(null, 1L, "key " + keyId + " in the header is not a base64 X.509 Ed25519 public key", null,
                        publicKey);
            } else if (!same(verifier.keyId(), keyId)) {
                problem(null, 1L, "key " + keyId + " in the header has the id " + verifier.keyId(), verifier.keyId(),
                        keyId);
            } else {
                exportKeys.put(keyId, verifier);
            }
        }

        private boolean event(LineReader.Line line, Map<String, Object> o) {
            StoredEvent e;
            try {
                keys(o, ExportFormat.EVENT_KEYS, "event");
                e = new StoredEvent(string(o, "chain"), number(o, "seq"), string(o, "actor"),
                        string(o, "operation"), string(o, "resource"), string(o, "result"),
                        nullableString(o, "failMode"), nullableString(o, "requestId"),
                        nullableString(o, "sourceIp"), string(o, "createdAt"), string(o, "payload"),
                        string(o, "prevHash"), string(o, "hash"));
            } catch (JsonLine.MalformedLine m) {
                fatal(lastSeq + 1, line.number(), "line " + line.number() + " is not a well-formed event: "
                        + m.getMessage());
                return false;
            }
            events++;
            if (beyond != null) {
                problem(frontier.size() + 1, beyondLine,
                        "the checkpoint of " + beyond.treeSize() + " events on line " + beyondLine
                                + " comes before events it covers", null, null);
                beyond = null;
            }
            long before = tampered;
            chainVerifier.accept(e);
            collectChainProblems(line.number());
            if (!same(e.chain(), chain) && tampered == before && !headerChainReported) {
                headerChainReported = true;
                problem(null, 1L, "the header names chain " + chain + " but event " + e.seq() + " belongs to "
                        + e.chain(), e.chain(), chain);
            }
            frontier.append(leaf(e.hash()));
            lastSeq = e.seq();
            return true;
        }

        private boolean checkpoint(LineReader.Line line, Map<String, Object> o) {
            SignedCheckpoint cp;
            try {
                keys(o, ExportFormat.CHECKPOINT_KEYS, "checkpoint");
                List<String> roots = new java.util.ArrayList<>();
                for (Object r : list(o, "frontier")) {
                    if (!(r instanceof String s)) {
                        throw new JsonLine.MalformedLine("frontier must list hex strings");
                    }
                    roots.add(s);
                }
                cp = new SignedCheckpoint(string(o, "chain"), number(o, "treeSize"), string(o, "rootHash"),
                        ExportFormat.parseMillis(string(o, "signedAt")).orElseThrow(
                                () -> new JsonLine.MalformedLine("signedAt is not a UTC timestamp in milliseconds")),
                        string(o, "keyId"), string(o, "signature"), roots);
            } catch (JsonLine.MalformedLine m) {
                fatal(lastGoodCheckpointSize + 1, line.number(), "line " + line.number()
                        + " is not a well-formed checkpoint: " + m.getMessage());
                return false;
            }
            checkpointLines++;
            long n = cp.treeSize();
            long blamed = lastGoodCheckpointSize + 1;
            long l = line.number();
            String what = "the checkpoint of " + n + " events";
            if (!same(cp.chain(), chain)) {
                problem(blamed, l, what + " names chain " + cp.chain() + ", not " + chain, chain, cp.chain());
                return true;
            }
            if (n <= lastCheckpointSize) {
                problem(blamed, l, what + " follows the checkpoint of " + lastCheckpointSize
                        + " events: checkpoints must grow", null, null);
                return true;
            }
            lastCheckpointSize = n;
            Optional<CheckpointVerifier> key = trust.keyFor(cp.keyId(), exportKeys);
            if (key.isEmpty()) {
                problem(blamed, l, what + " is signed by key " + cp.keyId() + ", which "
                        + (trust.isPinned() ? "is not among the trusted keys" : "the export's header does not list"),
                        null, cp.keyId());
                return true;
            }
            if (!signatureHolds(cp, key.get())) {
                problem(blamed, l, "the signature of " + what + " does not verify", null, cp.signature());
                return true;
            }
            if (n > frontier.size()) {
                if (beyond == null) {
                    beyond = cp;
                    beyondLine = l;
                }
                return true;
            }
            if (n < frontier.size()) {
                problem(blamed, l, what + " comes after event " + lastSeq + ": a checkpoint follows the last event "
                        + "it covers", null, null);
                return true;
            }
            String root = HEX.formatHex(frontier.root());
            if (!same(root, cp.rootHash())) {
                problem(blamed, l, "events " + blamed + " to " + n + " no longer match the signed checkpoint of " + n
                        + " events", cp.rootHash(), root);
                return true;
            }
            List<String> roots = frontier.hexRoots();
            if (!roots.equals(cp.frontier())) {
                problem(blamed, l, "the frontier of " + what + " differs from the subtree roots of its events",
                        String.join(",", roots), String.join(",", cp.frontier()));
                return true;
            }
            checkpointsHeld++;
            lastGoodCheckpointSize = n;
            return true;
        }

        /**
         * A dropped range: its signature must hold under a trusted key and it must start right after
         * the last event; then the chain goes on from its hash and the Merkle tree from its frontier.
         */
        private boolean anchor(LineReader.Line line, Map<String, Object> o) {
            RetentionAnchor a;
            String keyId;
            String signature;
            try {
                keys(o, ExportFormat.ANCHOR_KEYS, "anchor");
                List<String> roots = new java.util.ArrayList<>();
                for (Object r : list(o, "frontier")) {
                    if (!(r instanceof String s)) {
                        throw new JsonLine.MalformedLine("frontier must list hex strings");
                    }
                    roots.add(s);
                }
                keyId = string(o, "keyId");
                signature = string(o, "signature");
                a = new RetentionAnchor(string(o, "chain"), number(o, "firstSeq"), number(o, "lastSeq"),
                        string(o, "lastHash"), roots, ExportFormat.parseMillis(string(o, "signedAt")).orElseThrow(
                                () -> new JsonLine.MalformedLine("signedAt is not a UTC timestamp in milliseconds")));
            } catch (JsonLine.MalformedLine | IllegalArgumentException m) {
                fatal(lastSeq + 1, line.number(), "line " + line.number() + " is not a well-formed anchor: "
                        + m.getMessage());
                return false;
            }
            long l = line.number();
            String what = "the retention anchor of events " + a.firstSeq() + " to " + a.lastSeq();
            Optional<CheckpointVerifier> key = trust.keyFor(keyId, exportKeys);
            if (!same(a.chain(), chain)) {
                problem(a.firstSeq(), l, what + " names chain " + a.chain() + ", not " + chain, chain, a.chain());
            } else if (key.isEmpty()) {
                problem(a.firstSeq(), l, what + " is signed by key " + keyId + ", which "
                        + (trust.isPinned() ? "is not among the trusted keys" : "the export's header does not list"),
                        null, keyId);
            } else if (!canonicalBase64(signature).map(sig -> key.get().verifyAnchor(a, sig)).orElse(false)) {
                problem(a.firstSeq(), l, "the signature of " + what + " does not verify", null, signature);
            } else if (a.firstSeq() != lastSeq + 1) {
                problem(a.firstSeq(), l, what + " does not follow event " + lastSeq, null, null);
            } else {
                chainVerifier.skipDropped(a);
                collectChainProblems(l);
                frontier = a.resumeFrontier();
                lastSeq = a.lastSeq();
                return true;
            }
            return true;
        }

        private void end(LineReader.Line line, Map<String, Object> o) {
            long l = line.number();
            long endEvents;
            long endCheckpoints;
            long headSeq;
            String headHash;
            String sha256;
            try {
                keys(o, ExportFormat.END_KEYS, "end");
                endEvents = number(o, "events");
                endCheckpoints = number(o, "checkpoints");
                headSeq = number(o, "headSeq");
                headHash = nullableString(o, "headHash");
                sha256 = string(o, "sha256");
            } catch (JsonLine.MalformedLine m) {
                fatal(lastSeq + 1, l, "line " + l + " is not a well-formed end line: " + m.getMessage());
                return;
            }
            chainVerifier.finish(headSeq, headHash);
            collectChainProblems(l);
            if (beyond != null) {
                problem(frontier.size() + 1, beyondLine, "chain ends at event " + frontier.size()
                        + " but a signed checkpoint covers " + beyond.treeSize() + " events", beyond.rootHash(), null);
            }
            if (endEvents != events) {
                problem(lastSeq + 1, l, "the end line counts " + endEvents + " events but the export holds " + events,
                        Long.toString(events), Long.toString(endEvents));
            }
            if (endCheckpoints != checkpointLines) {
                problem(null, l, "the end line counts " + endCheckpoints + " checkpoints but the export holds "
                        + checkpointLines, Long.toString(checkpointLines), Long.toString(endCheckpoints));
            }
            String computed = HEX.formatHex(digest.digest());
            if (!same(computed, sha256) && tampered == 0) {
                problem(null, l, "the digest of lines 1 to " + (l - 1) + " does not match the end line: the header "
                        + "(line 1) or the end line was changed", computed, sha256);
            }
        }

        private void collectChainProblems(long line) {
            ChainVerification r = chainVerifier.result();
            long found = r.tampered() - chainProblemsSeen;
            if (found > 0) {
                chainProblemsSeen = r.tampered();
                if (reason == null) {
                    firstBadEvent = r.firstBadEvent();
                    firstBadLine = line;
                    reason = r.reason();
                    expected = r.expected();
                    actual = r.actual();
                }
                tampered += found;
            }
        }

        private Map<String, Object> parse(LineReader.Line line) {
            long blamed = lastSeq + 1;
            if (line.text() == null) {
                fatal(blamed, line.number(), "line " + line.number() + " is not valid UTF-8");
                return null;
            }
            try {
                return JsonLine.parseObject(line.text());
            } catch (JsonLine.MalformedLine e) {
                fatal(blamed, line.number(), "line " + line.number() + " is not well-formed JSON: " + e.getMessage());
                return null;
            }
        }

        private void problem(Long event, Long line, String why, String want, String got) {
            tampered++;
            if (reason == null) {
                firstBadEvent = event;
                firstBadLine = line;
                reason = why;
                expected = want;
                actual = got;
            }
        }

        private ExportVerification fatal(Long event, Long line, String why) {
            problem(event, line, why, null, null);
            return result();
        }

        private ExportVerification result() {
            return new ExportVerification(chain, tampered == 0, events, checkpointsHeld, tampered, firstBadEvent,
                    firstBadLine, reason, expected, actual, trust.isPinned());
        }
    }

    private static boolean signatureHolds(SignedCheckpoint cp, CheckpointVerifier key) {
        try {
            byte[] root = HEX.parseHex(cp.rootHash());
            Optional<byte[]> signature = canonicalBase64(cp.signature());
            return signature.isPresent()
                    && key.verify(new TreeHead(cp.chain(), cp.treeSize(), root, cp.signedAt()), signature.get());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Base64 that decodes and re-encodes to the same text; otherwise two texts could carry one value. */
    private static Optional<byte[]> canonicalBase64(String text) {
        try {
            byte[] bytes = Base64.getDecoder().decode(text);
            return Base64.getEncoder().encodeToString(bytes).equals(text) ? Optional.of(bytes) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The event hash as a Merkle leaf; a hash that is not hex is already a hash mismatch, so any bytes do. */
    private static byte[] leaf(String hash) {
        try {
            return HEX.parseHex(hash);
        } catch (IllegalArgumentException e) {
            return hash.getBytes(StandardCharsets.UTF_8);
        }
    }

    private static void keys(Map<String, Object> o, List<String> required, String what) {
        if (!o.keySet().equals(Set.copyOf(required))) {
            Set<String> missing = new LinkedHashSet<>(required);
            missing.removeAll(o.keySet());
            Set<String> extra = new LinkedHashSet<>(o.keySet());
            required.forEach(extra::remove);
            throw new JsonLine.MalformedLine("a" + ("event".equals(what) || "end".equals(what) ? "n " : " ") + what
                    + " line" + (missing.isEmpty() ? "" : " lacks " + String.join(", ", missing))
                    + (!missing.isEmpty() && !extra.isEmpty() ? " and" : "")
                    + (extra.isEmpty() ? "" : " has unknown " + String.join(", ", extra)));
        }
    }

    private static String string(Map<String, Object> o, String key) {
        if (o.get(key) instanceof String s) {
            return s;
        }
        throw new JsonLine.MalformedLine(key + " must be a string");
    }

    private static String nullableString(Map<String, Object> o, String key) {
        Object v = o.get(key);
        return v == null ? null : string(o, key);
    }

    private static long number(Map<String, Object> o, String key) {
        if (o.get(key) instanceof Long n) {
            return n;
        }
        throw new JsonLine.MalformedLine(key + " must be an integer");
    }

    private static List<?> list(Map<String, Object> o, String key) {
        if (o.get(key) instanceof List<?> l) {
            return l;
        }
        throw new JsonLine.MalformedLine(key + " must be an array");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    private static boolean same(String a, String b) {
        if (a == null || b == null) {
            return a == b;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
