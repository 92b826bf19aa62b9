package sh.velocity.web.http;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The response headers every Velocity response carries: no caching of API data, no sniffing, no
 * framing, no referrer, a locked-down content security policy, and HSTS for when TLS is in front.
 */
final class SecurityHeaders {

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
}
