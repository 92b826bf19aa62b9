package sh.velocity.cli.command;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import sh.velocity.cli.io.CliFailure;
import sh.velocity.kernel.SchemaPath;

/**
 * The REST routes the commands call, built from checked arguments: a schema path must be one
 * (checked here, not first by the server, so a typo is a usage error with exit 2), an id is one URL
 * segment, and every query value is encoded, so no argument can reach another route.
 */
final class Routes {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private Routes() {
    }

    /** {@code /records/{path}} for a well-formed schema path. */
    static String records(String schema) {
        return "/records/" + schemaPath(schema);
    }

    static String schemaPath(String schema) {
        try {
            return SchemaPath.parse(schema).toString();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw CliFailure.usage("--schema must be namespace/domain/subdomain/name/version, e.g. "
                    + "acme/supply-chain/procurement/purchase-order/v1: " + e.getMessage());
        }
    }

    /** An id as one path segment; {@code what} names it in the message ("record id"). */
    static String id(String id, String what) {
        if (id == null || !ID.matcher(id).matches()) {
            throw CliFailure.usage("'" + id + "' is not a " + what + " (letters, digits, '.', '_' and '-')");
        }
        return id;
    }

    /** {@code name=value}, both encoded for a query string. */
    static String param(String name, String value) {
        return encode(name) + "=" + encode(value);
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
