package sh.velocity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.velocity.cli.FakeApi.Answer;

/** {@code velocity compliance waivers create|list|revoke}: bodies, routes, and the expiry a waiver must have. */
class ComplianceWaiverCommandsTest {

    private static final String KEY = "vk_admin_key_in_use";
    private static final String ID = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";
    private static final String WAIVER = "{\"id\":\"" + ID + "\",\"namespace\":\"acme\",\"pack\":\"pci-dss\","
            + "\"control\":\"PCI-3.4.1\",\"schema\":\"acme/payments\",\"justification\":\"Legacy import until PAY-1234\","
            + "\"createdBy\":\"admin\",\"createdAt\":\"2026-11-22T09:00:00Z\",\"expiresAt\":\"2026-12-22T09:00:00Z\","
            + "\"revokedAt\":null,\"revokedBy\":null,\"status\":\"active\"}";

    @TempDir
    Path dir;

    private FakeApi api;
    private Map<String, String> env;

    @BeforeEach
    void start() throws IOException {
        api = new FakeApi(KEY);
        env = api.env(dir);
        api.on("POST /compliance/waivers", Answer.json(201, WAIVER));
        api.on("GET /compliance/waivers", Answer.json(200, "{\"items\":[" + WAIVER + "],\"nextCursor\":null}"));
        api.on("DELETE /compliance/waivers/" + ID, Answer.json(200, WAIVER.replace("\"active\"", "\"revoked\"")));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void createSendsTheWaiverAndPrintsIt() {
        CliRun r = CliRun.run(env, "compliance", "waivers", "create", "--pack", "pci-dss", "--control", "PCI-3.4.1",
                "--schema", "acme/payments", "--justification", "Legacy import until PAY-1234", "--ttl", "30d");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains(ID) && r.out().contains("PCI-3.4.1") && r.out().contains("active"), r.out());
        JsonObject sent = Json.createReader(new StringReader(api.requests("POST /compliance/waivers").get(0).body()))
                .readObject();
        assertEquals(Json.createObjectBuilder().add("pack", "pci-dss").add("control", "PCI-3.4.1")
                .add("schema", "acme/payments").add("justification", "Legacy import until PAY-1234").add("ttl", "30d")
                .build(), sent);
    }

    @Test
    void aWaiverWithoutAnExpiryIsAUsageErrorAndNothingIsSent() {
        CliRun r = CliRun.run(env, "compliance", "waivers", "create", "--pack", "pci-dss", "--control", "PCI-3.4.1",
                "--schema", "acme/payments", "--justification", "Legacy import until PAY-1234");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(api.requests("POST /compliance/waivers").isEmpty());
    }

    @Test
    void listAndRevoke() {
        CliRun list = CliRun.run(env, "compliance", "waivers", "list", "--all");
        assertEquals(0, list.exit(), list.toString());
        assertTrue(list.out().contains("acme/payments"), list.out());
        assertEquals("all=true", api.requests("GET /compliance/waivers").get(0).query());
        CliRun revoke = CliRun.run(env, "compliance", "waivers", "revoke", ID, "-o", "json");
        assertEquals(0, revoke.exit(), revoke.toString());
        assertTrue(revoke.out().contains("\"revoked\""), revoke.out());
    }
}
