package sh.velocity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.velocity.cli.FakeApi.Answer;

/**
 * {@code velocity doctor} against canned checklists in the contract's shape: exit 0 when nothing
 * fails (warn and manual do not), exit 1 on any fail, exit 3 with a plain sentence when the server
 * does not serve the checklist (404), as today's server does not yet.
 */
class DoctorCommandTest {

    private static final String KEY = "vk_doctor_test_key";
    private static final String ROUTE = "GET /compliance/checklist";

    @TempDir
    Path dir;

    private FakeApi api;
    private Map<String, String> env;

    @BeforeEach
    void start() throws IOException {
        api = new FakeApi(KEY);
        env = api.env(dir);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private static String checklist(String... statuses) {
        StringBuilder b = new StringBuilder("{\"items\":[");
        for (int i = 0; i < statuses.length; i++) {
            b.append(i == 0 ? "" : ",").append("{\"id\":\"HC-").append(i + 1).append("\",\"title\":\"Item ")
                    .append(i + 1).append("\",\"status\":\"").append(statuses[i]).append("\",\"evidence\":\"seen ")
                    .append(i + 1).append("\"}");
        }
        return b.append("]}").toString();
    }

    @Test
    void nothingFailingExitsZeroWithATableAndASummary() {
        api.on(ROUTE, Answer.json(200, checklist("pass", "warn", "manual", "pass")));
        CliRun r = CliRun.run(env, "doctor");
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).matches("STATUS +ID +TITLE +EVIDENCE"), lines.get(0));
        assertTrue(lines.get(1).matches("✓ pass +HC-1 +Item 1 +seen 1"), lines.get(1));
        assertTrue(lines.get(2).startsWith("! warn"), lines.get(2));
        assertTrue(lines.get(3).startsWith("? manual"), lines.get(3));
        assertEquals("✓ No checklist item fails (2 pass, 0 fail, 1 warn, 1 manual)", lines.get(5));
        assertFalse(r.out().contains("\u001b["), "no colour when not on a terminal");
    }

    @Test
    void anyFailExitsOneAlsoInJson() {
        api.on(ROUTE, Answer.json(200, checklist("pass", "fail", "fail")));
        CliRun r = CliRun.run(env, "doctor");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.out().endsWith("✗ 2 checklist items fail (1 pass, 2 fail, 0 warn, 0 manual)\n"), r.out());
        CliRun json = CliRun.run(env, "doctor", "-o", "json");
        assertEquals(1, json.exit());
        JsonObject doc = json.json();
        assertFalse(doc.getBoolean("passed"));
        assertEquals(2, doc.getJsonObject("summary").getInt("fail"));
        assertEquals(3, doc.getJsonArray("items").size());
    }

    @Test
    void onATerminalTheVerdictIsColouredButNeverWithNoColor() {
        api.on(ROUTE, Answer.json(200, checklist("fail")));
        assertTrue(CliRun.run(env, "", true, "doctor").out().contains("\u001b[31m✗ 1 checklist item fail"));
        Map<String, String> noColor = new java.util.HashMap<>(env);
        noColor.put("NO_COLOR", "1");
        assertFalse(CliRun.run(noColor, "", true, "doctor").out().contains("\u001b["));
    }

    @Test
    void aServerWithoutTheChecklistIsExitThreeWithAClearSentence() {
        CliRun r = CliRun.run(env, "doctor");
        assertEquals(3, r.exit(), r.toString());
        assertEquals("", r.out());
        assertTrue(r.err().contains("the server does not serve the compliance checklist yet"), r.err());
        CliRun json = CliRun.run(env, "doctor", "-o", "json");
        assertEquals(3, json.exit());
        JsonObject error = json.json().getJsonObject("error");
        assertEquals(404, error.getInt("status"));
        assertTrue(error.getString("message").startsWith("the server does not serve the compliance checklist yet"));
    }

    @Test
    void anUnknownStatusOrARefusedKeyIsAServerErrorNotACheckResult() {
        api.on(ROUTE, Answer.json(200, checklist("pass", "maybe")));
        assertEquals(3, CliRun.run(env, "doctor").exit());
        Map<String, String> wrongKey = Map.of("HOME", dir.toString(), "VELOCITY_URL", api.url(),
                "VELOCITY_API_KEY", "wrong");
        CliRun refused = CliRun.run(wrongKey, "doctor");
        assertEquals(3, refused.exit());
        assertTrue(refused.err().contains("401 UNAUTHENTICATED"), refused.err());
    }
}
