package sh.velocity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.Progress;
import sh.velocity.cli.io.Table;
import sh.velocity.cli.io.YamlText;

/**
 * How the CLI prints: aligned tables whose cells cannot carry terminal control sequences, YAML that
 * reads back as the JSON document, progress only on a terminal, and the completion scripts.
 */
class OutputTest {

    @Test
    void tablesAlignColumnsAndEscapeControlCharacters() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Table.of(16, "ID", "NOTES").row("1", "plain").row("22", "evil\u001b]52;c;AAAA\u0007 text").row("333", "Zoë\nx")
                .print(new PrintStream(out, true, StandardCharsets.UTF_8));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(List.of("ID   NOTES", "1    plain", "22   evil\\u001b]52;c…", "333  Zoë\\nx"), lines);
        assertEquals("a\\u202eb", Table.cell("a\u202eb", 0), "bidi overrides are shown, not obeyed");
    }

    @Test
    void yamlReadsBackAsTheJsonDocument() {
        JsonObject doc = Json.createObjectBuilder().add("yes", "yes").add("n", "1.0").add("nul", "null")
                .add("num", 12.5).add("int", 7).add("t", true).addNull("none")
                .add("items", Json.createArrayBuilder().add(Json.createObjectBuilder().add("k", "v: w"))).build();
        Object back = new Yaml().load(YamlText.of(doc));
        assertEquals(Map.of("yes", "yes", "n", "1.0", "nul", "null", "num", 12.5, "int", 7, "t", true,
                "items", List.of(Map.of("k", "v: w"))), withoutNull((Map<?, ?>) back));
        assertTrue(((Map<?, ?>) back).containsKey("none"));
    }

    private static Map<?, ?> withoutNull(Map<?, ?> m) {
        Map<Object, Object> copy = new java.util.HashMap<>(m);
        copy.remove("none");
        return copy;
    }

    @Test
    void progressIsDrawnOnlyOnATerminal() {
        ByteArrayOutputStream piped = new ByteArrayOutputStream();
        try (Progress p = Progress.start(console(piped, false), "Exporting")) {
            p.update(5, 10, "pages");
        }
        assertEquals("", piped.toString(StandardCharsets.UTF_8));
        ByteArrayOutputStream tty = new ByteArrayOutputStream();
        try (Progress p = Progress.start(console(tty, true), "Exporting")) {
            p.update(10, 10, "pages");
        }
        String drawn = tty.toString(StandardCharsets.UTF_8);
        assertTrue(drawn.contains("Exporting [########################] 10/10 pages"), drawn);
        assertTrue(drawn.endsWith("\r\u001b[2K"), "the line is erased at the end");
    }

    private static Console console(ByteArrayOutputStream err, boolean terminal) {
        return new Console(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), terminal);
    }

    @Test
    void completionScriptsCoverEveryCommandForBashAndZsh() {
        CliRun bash = CliRun.run(Map.of(), "completion", "bash");
        assertEquals(0, bash.exit(), bash.toString());
        for (String word : List.of("apply", "record", "api-key", "role-binding", "doctor", "--idempotency-key",
                "complete -F _complete_velocity")) {
            assertTrue(bash.out().contains(word), word);
        }
        CliRun zsh = CliRun.run(Map.of(), "completion", "zsh");
        assertTrue(zsh.out().contains("ZSH_VERSION") && zsh.out().contains("bashcompinit"), "loads bashcompinit in zsh");
        assertEquals(2, CliRun.run(Map.of(), "completion", "fish").exit());
    }

    @Test
    void everyUsageErrorIsOneDocumentInJsonAndYaml() {
        CliRun json = CliRun.run(Map.of(), "record", "list", "-o", "json");
        assertEquals(2, json.exit());
        assertEquals("USAGE", json.json().getJsonObject("error").getString("code"));
        CliRun yaml = CliRun.run(Map.of(), "record", "nope", "-o", "yaml");
        assertEquals(2, yaml.exit());
        assertEquals("USAGE", ((Map<?, ?>) ((Map<?, ?>) new Yaml().load(yaml.out())).get("error")).get("code"));
    }
}
