package sh.velocity.it.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import sh.velocity.cli.VelocityCli;
import sh.velocity.cli.io.Console;
import sh.velocity.it.stack.TestStack;

/**
 * One run of the {@code velocity} CLI through its main entry, in-process, as a user would see it
 * with stdout piped (not a terminal): exit code, stdout and stderr.
 */
public record Cli(int exit, String out, String err) {

    /** The environment of a user of the running server: a fresh HOME, the server's URL and {@code key}. */
    public static Map<String, String> env(String key) {
        try {
            Map<String, String> env = new HashMap<>();
            env.put("HOME", Files.createTempDirectory("velocity-cli-home").toString());
            env.put("VELOCITY_URL", TestStack.current().baseUrl());
            env.put("VELOCITY_API_KEY", key);
            return env;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Cli run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = VelocityCli.run(args, new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, false));
        return new Cli(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Stdout as the one JSON object {@code -o json} promises; fails the test when it is not one. */
    public JsonObject json() {
        try (JsonReader r = Json.createReader(new StringReader(out))) {
            return r.readObject();
        } catch (RuntimeException e) {
            throw new AssertionError("stdout is not one JSON object: " + this, e);
        }
    }

    public String firstLine() {
        return out.lines().findFirst().orElse("");
    }

    /** The run, succeeded: exit 0, else an assertion error with everything it printed. */
    public Cli ok() {
        if (exit != 0) {
            throw new AssertionError("expected exit 0: " + this);
        }
        return this;
    }

    /** Writes {@code text} to a new temporary file named {@code name}. */
    public static Path file(String name, String text) {
        try {
            Path p = Files.createTempDirectory("velocity-cli-it").resolve(name);
            Files.writeString(p, text, StandardCharsets.UTF_8);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
