package sh.velocity.cli.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import sh.velocity.cli.config.ConfigFile;
import sh.velocity.cli.config.Profile;
import sh.velocity.cli.http.Endpoint;
import sh.velocity.cli.http.VelocityClient;
import sh.velocity.cli.io.CliFailure;
import sh.velocity.cli.io.Console;

/**
 * Which server to call and with which key: {@code VELOCITY_URL} and {@code VELOCITY_API_KEY} when
 * set, else the profile that {@code velocity login} stored ({@code --profile}, else
 * {@code VELOCITY_PROFILE}, else {@code default}). The config file is read only when the environment
 * does not already say both, so a CI job needs none.
 */
public final class ServerOptions {

    @Option(names = "--profile", paramLabel = "NAME", description = "The profile stored by velocity login.")
    String profile;

    @Option(names = "--ca-cert", paramLabel = "FILE",
            description = "Trust only this CA certificate (PEM) for the server's TLS certificate.")
    Path caCert;

    VelocityClient connect(Console console, OutputOptions output) {
        Optional<String> url = console.env("VELOCITY_URL");
        Optional<String> key = console.env("VELOCITY_API_KEY");
        String name = profileName(console);
        Optional<Profile> stored = url.isEmpty() || key.isEmpty() ? ConfigFile.of(console).profile(name)
                : Optional.empty();
        String serverUrl = url.or(() -> stored.map(Profile::url)).orElseThrow(() -> notConfigured(name));
        String apiKey = key.or(() -> stored.map(Profile::apiKey)).orElseThrow(() -> notConfigured(name));
        Path ca = caCert != null ? caCert : stored.map(Profile::caCert).map(Path::of).orElse(null);
        if (ca != null && !Files.isReadable(ca)) {
            throw CliFailure.usage("Cannot read the CA certificate " + ca);
        }
        return new VelocityClient(console, Endpoint.parse(serverUrl), apiKey, ca, output.verbose());
    }

    String profileName(Console console) {
        return profile != null ? profile : console.env("VELOCITY_PROFILE").orElse("default");
    }

    private static CliFailure notConfigured(String profile) {
        return CliFailure.usage("No server for profile '" + profile + "': run velocity login --url URL --key-file FILE"
                + " first, or set VELOCITY_URL and VELOCITY_API_KEY.");
    }
}
