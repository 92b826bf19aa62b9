package sh.velocity.cli.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import sh.velocity.cli.io.CliFailure;

/**
 * A server's root URL, normalised: {@code https://host:port} with no path (a trailing {@code /api/v1},
 * as the run command prints it, is accepted and dropped). Plain {@code http} is accepted only for a
 * server on this machine: anywhere else it would send the API key in clear text.
 */
public record Endpoint(URI root) {

    public static Endpoint parse(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw CliFailure.usage("'" + url + "' is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw CliFailure.usage("'" + url + "' is not an http(s) URL with a host, e.g. https://velocity.example:9443");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw CliFailure.usage("the server URL takes no user, query or fragment: " + url);
        }
        if (scheme.equals("http") && !loopback(uri.getHost())) {
            throw CliFailure.usage("refusing to send an API key over plain http to " + uri.getHost()
                    + "; use https:// (plain http only for a server on this machine)");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        if (path.endsWith("/api/v1")) {
            path = path.substring(0, path.length() - "/api/v1".length());
        }
        return new Endpoint(URI.create(scheme + "://" + uri.getRawAuthority() + path));
    }

    /** The absolute URI of {@code /api/v1} + {@code pathAndQuery}. */
    public URI api(String pathAndQuery) {
        return URI.create(root + "/api/v1" + pathAndQuery);
    }

    @Override
    public String toString() {
        return root.toString();
    }

    private static boolean loopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
