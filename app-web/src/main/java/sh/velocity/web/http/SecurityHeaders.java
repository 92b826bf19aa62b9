package sh.velocity.web.http;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The response headers every Velocity response carries: no caching of API data, no sniffing, no
 * framing, no referrer, a locked-down content security policy, and HSTS for when TLS is in front.
 * Console pages get a policy of their own that lets them load this server's stylesheets and
 * images and post forms to it, and still runs no script at all (no inline script, no eval).
 */
final class SecurityHeaders {

    /** The console's pages: styles, images and form targets from this origin only; no script. */
    static final String CONSOLE_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; "
            + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private SecurityHeaders() {
    }

    static void apply(HttpServletResponse res) {
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setHeader("X-Frame-Options", "DENY");
        res.setHeader("Referrer-Policy", "no-referrer");
        res.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains; preload");
    }

    /** {@link #apply} with the console's content security policy. */
    static void applyConsole(HttpServletResponse res) {
        apply(res);
        res.setHeader("Content-Security-Policy", CONSOLE_POLICY);
        // A form post must carry its Origin (no-referrer would make it "null"); console URLs hold no secret.
        res.setHeader("Referrer-Policy", "same-origin");
    }
}
