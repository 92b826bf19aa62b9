package sh.velocity.cli.command;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sh.velocity.cli.http.ApiResponse;
import sh.velocity.cli.io.CliFailure;
import sh.velocity.cli.io.Console;

/** {@code velocity record}: the records of one record type, over {@code /api/v1/records/{path}}. */
@Command(name = "record", description = "Create, read, list, search, update and delete records.",
        subcommands = {RecordCreateCommand.class, RecordGetCommand.class, RecordListCommand.class,
                RecordQueryCommand.class, RecordUpdateCommand.class, RecordDeleteCommand.class,
                RecordReindexCommand.class})
public final class RecordCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Name a subcommand: create, get, list, query, update or delete.");
    }

    /** {@code --data}: a JSON object given inline, as {@code @FILE}, or as {@code @-} (stdin). */
    static JsonObject data(String data, Console console) {
        String text = data;
        if (data.startsWith("@")) {
            String file = data.substring(1);
            try {
                text = file.equals("-") ? new String(console.in().readAllBytes(), StandardCharsets.UTF_8)
                        : Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw CliFailure.usage("Cannot read --data " + data + ": " + e.getMessage());
            }
        }
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            JsonValue v = reader.readValue();
            if (v instanceof JsonObject o) {
                return o;
            }
            throw CliFailure.usage("--data must be a JSON object, e.g. '{\"po_number\":\"PO-1\"}'");
        } catch (JsonException e) {
            throw CliFailure.usage("--data is not JSON: " + e.getMessage());
        }
    }

    /** The conditional and idempotency headers of a mutation. */
    static Map<String, String> headers(String idempotencyKey, Long ifMatch) {
        Map<String, String> h = new LinkedHashMap<>();
        if (idempotencyKey != null) {
            if (!idempotencyKey.matches("[\\x21-\\x7e]{1,255}")) {
                throw CliFailure.usage("--idempotency-key must be 1 to 255 visible ASCII characters");
            }
            h.put("Idempotency-Key", idempotencyKey);
        }
        if (ifMatch != null) {
            h.put("If-Match", "\"" + ifMatch + "\"");
        }
        return h;
    }

    /** A line saying the server replayed an earlier response for the same Idempotency-Key. */
    static String replayNote(ApiResponse r) {
        return r.header("Idempotent-Replayed").filter("true"::equalsIgnoreCase)
                .map(x -> " (replayed: the first response to this Idempotency-Key)").orElse("");
    }
}
