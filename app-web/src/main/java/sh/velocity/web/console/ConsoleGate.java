package sh.velocity.web.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.auth.api.Authentication;
import sh.velocity.auth.api.CredentialVerifier;
import sh.velocity.auth.api.NetworkPolicy;
import sh.velocity.auth.api.Sessions;
import sh.velocity.auth.api.Throttles;
import sh.velocity.compliance.api.ServingGate;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.kernel.request.RequestContext;

/**
 * The console's half of the request gate (the request filter hands it every {@code /console/}
 * request after the request id, headers and body limit): the network policy, the startup guard,
 * lockout and rate limits as for the API; a refusal of any form post that is cross-site or
 * carries no Faces view state (the view state is the form's CSRF token, checked by Faces against
 * the session); and authentication from the server-side console session, whose access token is
 * verified by the same {@link CredentialVerifier} as a bearer credential on every request.
 * Without a signed-in user only the sign-in page is served; everything else redirects to it.
 */
@ApplicationScoped
public class ConsoleGate {

    static final String ROOT = "/console/";
    static final String SIGN_IN = "/console/login.xhtml";
    static final String HOME = "/console/dashboard.xhtml";
    static final String VIEW_STATE = "jakarta.faces.ViewState";
    /** An access token this close to its expiry is renewed before the request runs. */
    private static final long RENEW_MARGIN_SECONDS = 60;

    private static final Logger LOG = Logger.getLogger(ConsoleGate.class.getName());

    @Inject
    RequestContext context;

    @Inject
    CredentialVerifier verifier;

    @Inject
    Sessions sessions;

    @Inject
    Throttles throttles;

    @Inject
    NetworkPolicy network;

    @Inject
    ServingGate gate;

    @Inject
    AuditTrail audit;

    public void filter(HttpServletRequest req, HttpServletResponse res, FilterChain chain, String path)
            throws IOException, ServletException {
        String ip = req.getRemoteAddr();
        if (!network.allows(ip)) {
            refuse(req, res, path, 403, "NETWORK_POLICY: source address not allowed",
                    "Requests from this address are not allowed.");
            return;
        }
        if ("POST".equals(req.getMethod())) {
            String forged = forgedPost(req);
            if (forged != null) {
                refuse(req, res, path, 403, "CSRF: " + forged,
                        "This form was not sent from a page of this console; it was refused. Reload the page and try again.");
                return;
            }
        } else if (!"GET".equals(req.getMethod()) && !"HEAD".equals(req.getMethod())) {
            page(res, 405, "The console only answers GET and POST.");
            return;
        }
        Optional<String> refusal = gate.refusal();
        if (refusal.isPresent()) {
            page(res, 503, "This server refuses service: " + refusal.get());
            return;
        }
        String principal;
        try {
            principal = signedIn(req);
            Throttles.Admission admission = throttles.admit(principal, ip);
            if (admission.lockedOut().isPresent()) {
                refuse(req, res, path, 423, "LOCKED_OUT", "Too many failed sign-ins from this address; try again in "
                        + Math.max(1, admission.lockedOut().get().toMinutes()) + " minute(s).");
                return;
            }
            if (admission.retryAfter().isPresent()) {
                Duration wait = admission.retryAfter().get();
                res.setHeader("Retry-After", Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)));
                page(res, 429, "Too many requests; wait a moment and reload.");
                return;
            }
        } catch (Throttles.Unavailable | Unverifiable e) {
            refuse(req, res, path, 503, "REVOCATION_UNAVAILABLE: fail-closed (" + e.getMessage() + ")",
                    "Sign-ins cannot be checked right now, so the console refuses service. Try again shortly.");
            return;
        }
        if (principal == null) {
            if (SIGN_IN.equals(path)) {
                chain.doFilter(req, res);
            } else {
                redirect(req, res, SIGN_IN);
            }
            return;
        }
        if (ROOT.equals(path) || (SIGN_IN.equals(path) && !"POST".equals(req.getMethod()))) {
            redirect(req, res, HOME);
            return;
        }
        context.authenticate(principal);
        chain.doFilter(req, res);
    }

    /**
     * The signed-in principal of this request's console session, or null (no session, not signed
     * in, or the login was ended or expired: then the session is invalidated).
     */
    private String signedIn(HttpServletRequest req) throws Unverifiable {
        HttpSession session = req.getSession(false);
        if (session == null || !(session.getAttribute(ConsoleSignIn.ATTRIBUTE) instanceof ConsoleSignIn signIn)) {
            return null;
        }
        Instant now = Instant.now();
        synchronized (signIn) {
            if (signIn.expiresWithin(now, RENEW_MARGIN_SECONDS)) {
                try {
                    signIn.renewed(sessions.refresh(signIn.refreshToken()), now);
                } catch (VelocityException e) {
                    end(session);
                    return null;
                }
            }
        }
        Authentication outcome;
        try {
            outcome = verifier.verify(signIn.accessToken());
        } catch (RuntimeException e) {
            throw new Unverifiable("the credential store did not answer");
        }
        if (outcome.revocationUnavailable() != null) {
            throw new Unverifiable(outcome.revocationUnavailable());
        }
        if (outcome.principal().isEmpty() || !outcome.principal().get().equals(signIn.principal())) {
            end(session);
            return null;
        }
        return signIn.principal();
    }

    private static void end(HttpSession session) {
        try {
            session.invalidate();
        } catch (IllegalStateException alreadyInvalid) {
            // ended by a concurrent request
        }
    }

    /**
     * Why a form post is refused, or null: one the browser marks as not same-origin
     * ({@code Sec-Fetch-Site}), or, from a client that does not send that header, one whose
     * {@code Origin} is not this host; and one without the view state Faces issued with the form.
     */
    static String forgedPost(HttpServletRequest req) {
        String site = req.getHeader("Sec-Fetch-Site");
        if (site != null) {
            if (!site.equals("same-origin")) {
                return "cross-site form post (Sec-Fetch-Site " + site + ")";
            }
        } else {
            String origin = req.getHeader("Origin");
            if (origin != null) {
                String host = req.getHeader("Host");
                String authority;
                try {
                    authority = "null".equals(origin) ? null : URI.create(origin).getRawAuthority();
                } catch (IllegalArgumentException e) {
                    authority = null;
                }
                if (authority == null || host == null || !authority.equalsIgnoreCase(host)) {
                    return "form post from another origin";
                }
            }
        }
        String viewState = req.getParameter(VIEW_STATE);
        if (viewState == null || viewState.isBlank()) {
            return "form post without the view state token";
        }
        return null;
    }

    private void refuse(HttpServletRequest req, HttpServletResponse res, String path, int status, String failMode,
                        String message) throws IOException {
        try {
            audit.appendIndependently(AuditEvent.denied(AuditEvent.PLATFORM_CHAIN, "console.request",
                    req.getMethod() + " " + path, failMode));
        } catch (RuntimeException e) {
            LOG.warning("A console refusal (" + failMode + ") could not be audited in request " + context.requestId());
        }
        page(res, status, message);
    }

    private void redirect(HttpServletRequest req, HttpServletResponse res, String to) {
        res.setStatus(303);
        res.setHeader("Location", req.getContextPath() + to);
    }

    /** A refusal as a small page of its own: no markup from the request, no stack trace. */
    private void page(HttpServletResponse res, int status, String message) throws IOException {
        res.setStatus(status);
        res.setContentType("text/html;charset=UTF-8");
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Velocity console</title>"
                + "</head><body><main><h1>Request refused</h1><p>" + escape(message) + "</p><p>Request id "
                + escape(context.requestId()) + "</p><p><a href=\"" + "login.xhtml\">Sign in</a></p></main></body></html>";
        res.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** The sign-in could not be checked: fail closed. */
    static final class Unverifiable extends Exception {

        private static final long serialVersionUID = 1L;

        Unverifiable(String message) {
            super(message, null, false, false);
        }
    }
}
