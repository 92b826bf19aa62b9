package sh.velocity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.velocity.cli.FakeApi.Answer;

/** {@code velocity encryption keys|rotate|rotation}: routes, bodies, and the exit code of a failed rotation. */
class EncryptionCommandsTest {

    private static final String ID = "5b1f0f4e-9a43-4d77-9c39-3f1c1e2b7a10";

    @TempDir
    Path dir;

    private FakeApi api;
    private Map<String, String> env;

    @BeforeEach
    void start() throws IOException {
        api = new FakeApi("vk_admin");
        env = api.env(dir);
        api.on("GET /encryption/keys", Answer.json(200, "{\"items\":[{\"namespace\":\"acme\",\"version\":2,"
                + "\"kekId\":\"0123456789abcdef\",\"current\":true,\"createdAt\":\"2026-11-22T09:00:00Z\","
                + "\"createdBy\":\"admin\"}],\"nextCursor\":null}"));
        api.on("POST /encryption/rotations", Answer.json(202, rotation("running", 0)));
        api.on("GET /encryption/rotations/" + ID, Answer.json(200, rotation("done", 40)));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private static String rotation(String state, int done) {
        return "{\"id\":\"" + ID + "\",\"namespace\":\"acme\",\"keyVersion\":2,\"state\":\"" + state + "\",\"total\":40,"
                + "\"done\":" + done + ",\"requestedBy\":\"admin\",\"createdAt\":\"2026-11-22T09:00:00Z\","
                + "\"updatedAt\":\"2026-11-22T09:00:00Z\"}";
    }

    @Test
    void keysAreListedPerNamespace() {
        CliRun r = CliRun.run(env, "encryption", "keys", "--namespace", "acme");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("namespace=acme", api.requests("GET /encryption/keys").get(0).query());
        assertTrue(r.firstLine().matches("NAMESPACE +VERSION +CURRENT +KEK_ID +CREATED +RETIRED"), r.firstLine());
        assertTrue(r.out().contains("0123456789abcdef"), r.out());
    }

    @Test
    void rotateWaitsUntilTheRotationIsDone() {
        CliRun r = CliRun.run(env, "encryption", "rotate", "--namespace", "acme", "--wait", "--poll-seconds", "1",
                "-o", "json");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("{\"namespace\":\"acme\"}", api.requests("POST /encryption/rotations").get(0).body());
        assertEquals("done", r.json().getString("state"));
        assertEquals(40, r.json().getInt("done"));
    }

    @Test
    void aFailedRotationExitsOne() {
        api.on("GET /encryption/rotations/" + ID, Answer.json(200, rotation("failed", 3)));
        CliRun r = CliRun.run(env, "encryption", "rotation", ID);
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.out().contains("failed"), r.out());
        assertEquals(2, CliRun.run(env, "encryption", "rotate").exit(), "--namespace is required");
    }
}
