package sh.velocity.web.http;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.auth.api.AuthenticationOutcome;
import sh.velocity.auth.api.BearerAuthenticator;
import sh.velocity.auth.api.NetworkPolicy;
import sh.velocity.auth.api.Throttles;
import sh.velocity.compliance.api.ServingGate;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.request.RequestContext;
import sh.velocity.web.problem.Problems;

/**
 * The gate every request passes, in this order: request id (echoed when well-formed, generated
 * otherwise), security headers and the body-size limit on every request (a declared length over
 * it is refused before reading; an undeclared one is cut off as soon as it passes it); then, for
 * the API, the network allow/deny lists (403, audited), the startup guard's verdict, the bearer
 * credential ({@link BearerAuthenticator}), one Redis decision for lockout and rate limits (anonymous
 * requests spend their source's bucket too), the fail-closed checks, and authentication (a request
 * without a verified principal is refused with 401, and the refusal is audited) — except a
 * login or a token refresh sent without any bearer credential. The container's own security
 * (Jakarta Security) takes no part: it would only repeat, per request, a login nothing reads
 * (ADR 0022). Console pages ({@code /console/})
 * pass the same network, startup-guard and throttle checks in {@link sh.velocity.web.console.ConsoleGate},
 * which authenticates them from the server-side console session instead of a bearer credential.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class RequestFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final String API = "/api/";
    private static final String CONSOLE = "/console/";
    /**
     * The only API calls made without a credential: they present one in their body (a password,
     * a refresh token), are checked, throttled and audited by the sessions facade.
     */
    private static final java.util.Set<String> PUBLIC = java.util.Set.of("/api/v1/auth/login", "/api/v1/auth/refresh");

    @Inject
    transient RequestContext context;

    @Inject
    transient ServingGate gate;

    @Inject
    transient AuditTrail audit;

    @Inject
    transient Throttles throttles;

    @Inject
    transient BearerAuthenticator authenticator;

    @Inject
    transient NetworkPolicy network;

    @Inject
    transient sh.velocity.web.console.ConsoleGate console;

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(RequestFilter.class.getName());

    @Inject
    @ConfigProperty(name = "velocity.http.max-body-bytes", defaultValue = "10485760")
    transient long maxBodyBytes;

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        String requestId = requestId(req.getHeader("X-Request-Id"));
        res.setHeader("X-Request-Id", requestId);
        SecurityHeaders.apply(res);
        context.begin(requestId, req.getRemoteAddr());

        if (req.getContentLengthLong() > maxBodyBytes) {
            problem(res, ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than " + maxBodyBytes + " bytes.");
            return;
        }
        String path = req.getRequestURI().substring(req.getContextPath().length());
        if (!canonical(path)) {
            // The routing below reads the raw path; a dot segment, a path parameter or an encoded dot,
            // slash or backslash could make it see /console/… or a static file while the container
            // serves /api/… (or the reverse). No Velocity route needs any of them.
            problem(res, ErrorCode.INVALID_REQUEST, "The request path is not in canonical form (no '.' or '..' "
                    + "segments, ';' path parameters, or encoded '.', '/' or '\\').");
            return;
        }
        if (path.startsWith(CONSOLE)) {
            SecurityHeaders.applyConsole(res);
            try {
                console.filter(new LimitedBodyRequest(req, maxBodyBytes), res, chain, path);
            } finally {
                // a page's events are linked before the filter returns (a large page may already be
                // on its way); the API links in AuditLinkFilter, before its answer is written
                audit.linkCommitted();
            }
            return;
        }
        if (!path.startsWith(API)) {
            chain.doFilter(new LimitedBodyRequest(req, maxBodyBytes), res);
            return;
        }
        if (!network.allows(req.getRemoteAddr())) {
            auditDenied(req, path, "NETWORK_POLICY: source address not allowed");
            problem(res, ErrorCode.FORBIDDEN, "Requests from this address are not allowed.");
            return;
        }
        Optional<String> refusal = gate.refusal();
        if (refusal.isPresent()) {
            problem(res, ErrorCode.SERVER_MISCONFIGURED, "This server refuses API calls: " + refusal.get());
            return;
        }
        String ip = req.getRemoteAddr();
        AuthenticationOutcome outcome = authenticator.authenticate(req.getHeader("Authorization"));
        String principal = outcome.principal();
        try {
            Throttles.Admission admission = throttles.admit(principal, ip);
            if (admission.lockedOut().isPresent()) {
                Duration locked = admission.lockedOut().get();
                auditDenied(req, path, "LOCKED_OUT");
                res.setHeader("Retry-After", Long.toString(Math.max(1, (locked.toMillis() + 999) / 1000)));
                problem(res, ErrorCode.LOCKED_OUT, "Too many failed authentication attempts from this address; "
                        + "try again in " + Math.max(1, locked.toMinutes()) + " minute(s).");
                return;
            }
            if (admission.retryAfter().isPresent()) {
                res.setHeader("Retry-After", Long.toString(Math.max(1, (admission.retryAfter().get().toMillis() + 999)
                        / 1000)));
                problem(res, ErrorCode.RATE_LIMITED, "Too many requests for this credential or address; "
                        + "retry after the number of seconds in Retry-After.");
                return;
            }
        } catch (Throttles.Unavailable e) {
            refuseUnavailable(req, res, path, e.getMessage());
            return;
        }
        switch (outcome.verdict()) {
            case AUTHENTICATED:
                break;
            case REVOCATION_UNAVAILABLE:
                refuseUnavailable(req, res, path, outcome.reason());
                return;
            case CREDENTIAL_STORE_UNAVAILABLE:
                problem(res, ErrorCode.CREDENTIAL_STORE_UNAVAILABLE,
                        "Credentials cannot be checked right now; the request was refused. Try again shortly.");
                return;
            case NO_CREDENTIAL:
                if ("POST".equals(req.getMethod()) && PUBLIC.contains(path)) {
                    chain.doFilter(new LimitedBodyRequest(req, maxBodyBytes), res);
                    return;
                }
                refuseUnauthenticated(req, res, path, "no credential");
                return;
            case REFUSED:
                try {
                    if (throttles.recordFailure(ip)) {
                        auditDenied(req, path, "LOCKOUT_STARTED after repeated authentication failures");
                    }
                } catch (Throttles.Unavailable e) {
                    refuseUnavailable(req, res, path, e.getMessage());
                    return;
                }
                refuseUnauthenticated(req, res, path, outcome.reason());
                return;
            default:
                throw new IllegalStateException("unhandled verdict " + outcome.verdict());
        }
        context.authenticate(principal);
        chain.doFilter(new LimitedBodyRequest(req, maxBodyBytes), res);
    }

    /** 401, after the refusal is audited in its own transaction; one that cannot be audited is a 503. */
    private void refuseUnauthenticated(HttpServletRequest req, HttpServletResponse res, String path, String reason)
            throws IOException {
        try {
            audit.appendIndependently(AuditEvent.denied(AuditEvent.PLATFORM_CHAIN, "authenticate",
                    req.getMethod() + " " + path, reason));
        } catch (RuntimeException e) {
            problem(res, ErrorCode.AUDIT_UNAVAILABLE, "The refusal could not be audited; try again shortly.");
            return;
        }
        res.setHeader("WWW-Authenticate", "Bearer realm=\"velocity\"");
        problem(res, ErrorCode.UNAUTHENTICATED,
                "Send a valid, unexpired and unrevoked API key or token as 'Authorization: Bearer <credential>'.");
    }

    /** Redis-backed controls (revocation, lockout, rate limits) cannot answer: refuse, and say so in the log. */
    private void refuseUnavailable(HttpServletRequest req, HttpServletResponse res, String path, String why)
            throws IOException {
        auditDenied(req, path, "REVOCATION_UNAVAILABLE: fail-closed (" + why + ")");
        problem(res, ErrorCode.REVOCATION_UNAVAILABLE,
                "The revocation list and lockout store (Redis) cannot be consulted, so no credential can be "
                        + "trusted; the request was refused. Try again shortly.");
    }

    /** Best effort: the refusal stands whether or not it could be recorded. */
    private void auditDenied(HttpServletRequest req, String path, String failMode) {
        try {
            audit.appendIndependently(AuditEvent.denied(AuditEvent.PLATFORM_CHAIN, "authenticate",
                    req.getMethod() + " " + path, failMode));
        } catch (RuntimeException e) {
            LOG.warning("An authentication refusal (" + failMode + ") could not be audited in request "
                    + context.requestId());
        }
    }

    private static String requestId(String supplied) {
        if (supplied != null && REQUEST_ID.matcher(supplied).matches()) {
            return supplied;
        }
        return UUID.randomUUID().toString();
    }

    /** True for a path the container and this filter cannot read differently. */
    static boolean canonical(String path) {
        String lower = path.toLowerCase(java.util.Locale.ROOT);
        if (path.indexOf(';') >= 0 || path.indexOf('\\') >= 0 || lower.contains("%2e") || lower.contains("%2f")
                || lower.contains("%5c") || lower.contains("%3b") || lower.contains("%25")) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private void problem(HttpServletResponse res, ErrorCode code, String detail) throws IOException {
        Problems.write(res, code, detail, context.requestId());
    }
}
