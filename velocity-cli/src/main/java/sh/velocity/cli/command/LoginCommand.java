package sh.velocity.cli.command;

import jakarta.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sh.velocity.cli.config.ConfigFile;
import sh.velocity.cli.config.Profile;
import sh.velocity.cli.http.Endpoint;
import sh.velocity.cli.http.VelocityClient;
import sh.velocity.cli.io.CliFailure;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;

/**
 * {@code velocity login}: checks that the server accepts the key, then stores URL and key as a
 * profile. The key is read from a file, never from the command line, where other users of the
 * machine could see it in the process list.
 */
@Command(name = "login", description = "Store a server's URL and an API key (read from a file) in the config file.")
public final class LoginCommand implements Callable<Integer> {

    private final Console console;

    @Option(names = "--url", required = true, paramLabel = "URL", description = "The server, e.g. https://velocity.example:9443")
    String url;

    @Option(names = "--key-file", required = true, paramLabel = "FILE", description = "A file holding the API key.")
    Path keyFile;

    @Option(names = "--profile", paramLabel = "NAME", description = "Store as this profile (default: default).")
    String profile;

    @Option(names = "--ca-cert", paramLabel = "FILE",
            description = "Trust only this CA certificate (PEM) for the server's TLS certificate.")
    Path caCert;

    @Mixin
    OutputOptions output;

    public LoginCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        Endpoint endpoint = Endpoint.parse(url);
        String key = readKey();
        Path ca = caCert == null ? null : caCert.toAbsolutePath().normalize();
        if (ca != null && (!Files.isReadable(ca) || ca.toString().contains("\n"))) {
            throw CliFailure.usage("Cannot read the CA certificate " + caCert);
        }
        String name = profile != null ? profile : console.env("VELOCITY_PROFILE").orElse("default");
        Profile stored;
        try {
            stored = new Profile(name, endpoint.toString(), key, ca == null ? null : ca.toString());
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(e.getMessage());
        }
        acceptsKey(new VelocityClient(console, endpoint, key, ca, output.verbose()));
        ConfigFile config = ConfigFile.of(console);
        config.save(stored);
        output.print(console, Json.createObjectBuilder().add("profile", name).add("url", endpoint.toString())
                .add("config", config.path().toString()).build(), () -> console.out().println(
                "Logged in to " + endpoint + " as profile '" + name + "' (" + config.path() + ")"));
        return ExitCode.OK;
    }

    /** Any authenticated answer will do: a key without schema.read gets 403, an unknown one 401. */
    private static void acceptsKey(VelocityClient client) {
        try {
            client.getJson("/schemas?limit=1");
        } catch (CliFailure f) {
            if (f.status() == null || f.status() != 403) {
                throw f;
            }
        }
    }

    private String readKey() {
        String key;
        try {
            key = Files.readString(keyFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw CliFailure.usage("Cannot read the key file " + keyFile);
        }
        if (key.isEmpty() || key.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw CliFailure.usage("The key file " + keyFile + " must hold one API key on one line.");
        }
        return key;
    }
}
