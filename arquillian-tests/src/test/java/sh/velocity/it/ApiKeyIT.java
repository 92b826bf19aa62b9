package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import sh.velocity.it.stack.TestStack;
import sh.velocity.it.support.Api;
import sh.velocity.it.support.Deployments;
import sh.velocity.it.support.Sql;

/** Keys are shown once, stored as SHA-256 only, and never logged. */
@ExtendWith(ArquillianExtension.class)
class ApiKeyIT {

    @Deployment(testable = false)
    static EnterpriseArchive app() {
        return Deployments.velocity();
    }

    @Test
    void bootstrapKeyFileIsOwnerOnlyAndTheKeyIsIssuedOnceWhateverTheRedeploys() throws IOException {
        Path file = TestStack.current().bootstrapKeyFile();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        // Every test class redeploys the application, and each start runs the bootstrap again.
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.api_keys WHERE principal = 'bootstrap-admin'"));
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE operation = 'apikey.bootstrap'"));
        Api.admin().get("/api/v1/schemas").expect(200);
    }

    @Test
    void keyHashesAre64LowercaseHexAndThePlaintextIsNowhereInTheDatabaseOrLogs() throws IOException {
        Api admin = Api.admin();
        String key = admin.createKey("hash-check", "reader");
        assertTrue(key.startsWith("vel_"), "recognisable prefix");
        Api.withKey(key).get("/api/v1/schemas").expect(200);

        assertEquals(0, Sql.adminCount("SELECT count(*) FROM platform.api_keys WHERE key_hash !~ '^[0-9a-f]{64}$'"));
        assertTrue(Sql.adminCount("SELECT count(*) FROM platform.api_keys") >= 2);
        for (String secret : new String[] {key, admin.key()}) {
            assertEquals(0, Sql.adminCount("SELECT count(*) FROM platform.api_keys k WHERE k::text LIKE '%' || ? || '%'",
                    secret));
            assertEquals(0, Sql.adminCount("SELECT count(*) FROM platform.audit_log a WHERE a::text LIKE '%' || ? || '%'",
                    secret));
            assertFalse(logsContain(secret), "a key appears in the server logs");
        }
        JsonObject listed = admin.get("/api/v1/api-keys").expect(200).json();
        assertFalse(listed.toString().contains(key), "listing shows metadata only");
    }

    @Test
    void revokedAndUnknownAndMalformedKeysGet401() {
        Api admin = Api.admin();
        String key = admin.createKey("revoke-me", "reader");
        Api.withKey(key).get("/api/v1/schemas").expect(200);
        String id = admin.keyId("revoke-me");
        admin.delete("/api/v1/api-keys/" + id).expect(204);
        Api.withKey(key).get("/api/v1/schemas").problem(401, "UNAUTHENTICATED");
        Api.withKey("vel_dev_notarealkeynotarealkeynotarealkeynota000000").get("/api/v1/schemas")
                .problem(401, "UNAUTHENTICATED");
        Api.anonymous().get("/api/v1/schemas").problem(401, "UNAUTHENTICATED");
    }

    /** Rotation: the new key works at once, the old one until the end of the overlap, and both are audited. */
    @Test
    void aRotatedKeyKeepsWorkingForTheOverlapAndItsSuccessorAtOnce() throws InterruptedException {
        Api admin = Api.admin();
        String old = admin.createKey("rotate-me", "reader");
        String id = admin.keyId("rotate-me");
        jakarta.json.JsonObject rotated = admin.post("/api/v1/api-keys/" + id + "/rotate", "application/json",
                "{\"overlap\":\"1h\"}").expect(201).json();
        assertEquals(id, rotated.getString("replaces"));
        assertEquals("rotate-me", rotated.getString("name"));
        Api.withKey(rotated.getString("key")).get("/api/v1/schemas").expect(200);
        Api.withKey(old).get("/api/v1/schemas").expect(200);
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.api_keys WHERE id = ?::uuid "
                + "AND expires_at BETWEEN now() + interval '59 minutes' AND now() + interval '61 minutes'", id));

        // The overlap's end, set in SQL behind the server's back, reaches it when its copy of the key's
        // row is over: velocity.api-key.cache-seconds, 5 by default (ADR 0021).
        Sql.admin("UPDATE platform.api_keys SET expires_at = created_at + interval '1 microsecond' WHERE id = '" + id + "'");
        long start = System.nanoTime();
        while (Api.withKey(old).get("/api/v1/schemas").status() == 200 && System.nanoTime() - start < 10_000_000_000L) {
            Thread.sleep(200);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Api.withKey(old).get("/api/v1/schemas").problem(401, "UNAUTHENTICATED");
        assertTrue(seconds < 6.5, "refused within the copy's lifetime, not after " + seconds + " s");
        Api.withKey(rotated.getString("key")).get("/api/v1/schemas").expect(200);
        admin.post("/api/v1/api-keys/" + id + "/rotate", "application/json", "{}").problem(404, "NOT_FOUND");
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE operation = 'apikey.rotate' "
                + "AND resource = ?", "apikey/" + id));
    }

    private static boolean logsContain(String secret) throws IOException {
        try (Stream<Path> files = Files.walk(TestStack.current().serverLogDir())) {
            return files.filter(Files::isRegularFile).anyMatch(f -> {
                try {
                    return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(secret);
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }
}
