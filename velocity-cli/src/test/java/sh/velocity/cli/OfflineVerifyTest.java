package sh.velocity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.velocity.audit.domain.merkle.CheckpointSigner;

/**
 * {@code velocity audit verify --file}: the contract's lines and exit codes for a valid export and
 * for one changed byte in each kind of line, {@code -o json}, and pinned keys. No network: the
 * environment names no server and no config file exists.
 */
class OfflineVerifyTest {

    @TempDir
    Path dir;

    private final SampleExports sample = new SampleExports();
    private Path export;
    private Map<String, String> env;

    @BeforeEach
    void write() throws IOException {
        export = dir.resolve("export.jsonl");
        Files.write(export, sample.export());
        env = Map.of("HOME", dir.resolve("home").toString());
    }

    private CliRun verify(Path file, String... more) {
        String[] args = new String[3 + more.length];
        args[0] = "audit";
        args[1] = "verify";
        args[2] = "--file=" + file;
        System.arraycopy(more, 0, args, 3, more.length);
        return CliRun.run(env, args);
    }

    /** The export with one byte of line {@code line} (1-based) XOR-ed with 0x01, at {@code column} (0-based). */
    private Path flipped(int line, int column) throws IOException {
        byte[] bytes = Files.readAllBytes(export);
        int start = 0;
        for (int l = 1; l < line; l++) {
            while (bytes[start] != '\n') {
                start++;
            }
            start++;
        }
        bytes[start + column] ^= 0x01;
        Path changed = dir.resolve("changed-" + line + "-" + column + ".jsonl");
        Files.write(changed, bytes);
        return changed;
    }

    private int column(int line, String text) throws IOException {
        String l = Files.readAllLines(export, StandardCharsets.UTF_8).get(line - 1);
        int at = l.indexOf(text);
        assertTrue(at >= 0, text + " in " + l);
        return l.substring(0, at).getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void aValidExportPrintsTheContractLineAndExitsZero() {
        CliRun r = verify(export);
        assertEquals(0, r.exit(), r.toString());
        assertEquals("✓ Audit chain valid (10 events, 0 tampering detected)", r.firstLine(), r.toString());
        assertFalse(r.out().contains("\u001b"), "no colour when stdout is not a terminal");
        assertEquals("", r.err());
    }

    @Test
    void oneChangedByteInAnEventLineFailsNamingThatEvent() throws IOException {
        CliRun r = verify(flipped(8, column(8, "record.create")));
        assertEquals(1, r.exit(), r.toString());
        assertEquals("✗ Audit chain invalid (hash mismatch at event 6)", r.firstLine(), r.toString());
        assertTrue(r.out().contains("expected: ") && r.out().contains("actual: "), r.toString());
        assertEquals("", r.err(), "no stack trace, no error output");
    }

    @Test
    void oneChangedByteInEachOtherKindOfLineFailsNamingTheEventOrTheLine() throws IOException {
        CliRun hash = verify(flipped(3, column(3, "\"hash\":\"") + 9));
        assertEquals("✗ Audit chain invalid (hash mismatch at event 2)", hash.firstLine(), hash.toString());
        CliRun link = verify(flipped(4, column(4, "\"prevHash\":\"") + 13));
        assertEquals("✗ Audit chain invalid (broken link at event 3)", link.firstLine(), link.toString());
        CliRun signature = verify(flipped(13, column(13, "\"signature\":\"") + 14));
        assertEquals("✗ Audit chain invalid (bad checkpoint signature at event 5)", signature.firstLine(),
                signature.toString());
        assertTrue(signature.out().contains("line:     13"), signature.toString());
        CliRun root = verify(flipped(6, column(6, "\"rootHash\":\"") + 12));
        assertEquals(1, root.exit());
        assertTrue(root.out().contains("line:     6"), root.toString());
        CliRun header = verify(flipped(1, column(1, "\"exportedAt\":\"") + 16));
        assertEquals("✗ Audit chain invalid (export digest mismatch at line 14)", header.firstLine(), header.toString());
        CliRun end = verify(flipped(14, column(14, "\"headSeq\":") + 10));
        assertEquals(1, end.exit());
        assertTrue(end.out().contains("line:     14"), end.toString());
        CliRun malformed = verify(flipped(9, column(9, "{")));
        assertEquals("✗ Audit chain invalid (malformed export at event 7)", malformed.firstLine(), malformed.toString());
        assertTrue(malformed.out().contains("line:     9"), malformed.toString());
        for (CliRun r : List.of(hash, link, signature, root, header, end, malformed)) {
            assertEquals(1, r.exit(), r.toString());
            assertEquals("", r.err(), r.toString());
        }
    }

    @Test
    void jsonOutputParsesForValidAndInvalidExports() throws IOException {
        JsonObject valid = verify(export, "-o", "json").json();
        assertTrue(valid.getBoolean("valid"));
        assertEquals(10, valid.getInt("events"));
        assertEquals(2, valid.getInt("checkpoints"));
        assertEquals("export", valid.getString("source"));
        CliRun invalid = verify(flipped(8, column(8, "record.create")), "-o", "json");
        assertEquals(1, invalid.exit());
        JsonObject o = invalid.json();
        assertFalse(o.getBoolean("valid"));
        assertEquals(6, o.getInt("firstBadEvent"));
        assertEquals(8, o.getInt("line"));
        assertEquals("hash mismatch", o.getString("reason"));
    }

    @Test
    void pinnedKeysAreTheOnlyOnesAcceptedAndMayBeAKeyDocumentOrBase64() throws IOException {
        String base64 = sample.signer.publicKeyBase64();
        Path document = dir.resolve("velocity-audit-key.json");
        Files.writeString(document, "{\"keyId\": \"" + sample.signer.keyId() + "\", \"algorithm\": \"Ed25519\", "
                + "\"publicKey\": \"" + base64 + "\"}");
        assertEquals(0, verify(export, "--trusted-key", document.toString()).exit());
        CliRun pinned = verify(export, "--trusted-key", base64);
        assertEquals(0, pinned.exit(), pinned.toString());
        assertTrue(pinned.out().contains("verified with the trusted keys given"), pinned.toString());

        CliRun other = verify(export, "--trusted-key", CheckpointSigner.generate().publicKeyBase64());
        assertEquals(1, other.exit(), other.toString());
        assertEquals("✗ Audit chain invalid (untrusted checkpoint key at event 1)", other.firstLine(), other.toString());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, verify(dir.resolve("missing.jsonl")).exit());
        assertEquals(2, verify(export, "--trusted-key", "not-a-key").exit());
        assertEquals(2, CliRun.run(env, "audit", "verify", "--schema", "platform", "--trusted-key", "x").exit());
        assertEquals(2, CliRun.run(env, "audit", "verify", "--file", export.toString(), "--schema", "platform").exit());
        assertEquals(2, CliRun.run(env, "no-such-command").exit());
        CliRun json = CliRun.run(env, "audit", "verify", "-o", "json");
        assertEquals(2, json.exit());
        assertEquals("USAGE", json.json().getJsonObject("error").getString("code"));
    }
}
