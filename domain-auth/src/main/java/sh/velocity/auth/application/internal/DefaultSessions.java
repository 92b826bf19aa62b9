package sh.velocity.auth.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.auth.api.Sessions;
import sh.velocity.auth.api.Throttles;
import sh.velocity.auth.api.Users;
import sh.velocity.auth.domain.RevocationList;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;

/**
 * Logins and token refreshes. Every refusal looks the same to the client (401, "invalid
 * credentials") and is audited with its real reason; failed logins count towards the user's
 * lockout (423 after five within fifteen minutes, configurable with {@code velocity.lockout.*});
 * a reused refresh token revokes its family, in the database and in the revocation list, so the
 * family's access tokens stop working on every replica at once.
 */
@ApplicationScoped
public class DefaultSessions implements Sessions {

    static final String FAMILY_REVOCATION_KIND = "family";

    @Inject
    sh.velocity.kernel.request.RequestContext request;

    @Inject
    SessionTransactions transactions;

    @Inject
    Throttles throttles;

    @Inject
    RevocationList revocations;

    @Inject
    AuditTrail audit;

    @Inject
    Credentials credentials;

    @Inject
    AuthSettings settings;

    @Override
    public TokenPair login(String username, char[] password, String totpCode) {
        boolean wellFormed = username != null && Users.USERNAME.matcher(username).matches();
        String subject = Users.principalOf(wellFormed ? username : "?");
        String resource = "user/" + (wellFormed ? username : "?");
        try {
            Optional<Duration> locked = throttles.subjectLockedOut(subject);
            if (locked.isPresent()) {
                audit.appendIndependently(AuditEvent.denied(AuditEvent.PLATFORM_CHAIN, "session.login", resource,
                        "LOCKED_OUT"));
                throw new VelocityException(ErrorCode.LOCKED_OUT, "Too many failed logins for this user; try again in "
                        + Math.max(1, locked.get().toMinutes()) + " minute(s).");
            }
            SessionTransactions.Outcome outcome = wellFormed ? transactions.login(username, password, totpCode)
                    : SessionTransactions.Outcome.refused("malformed username");
            if (outcome.tokens() != null) {
                throttles.clearSubjectFailures(subject);
                return outcome.tokens();
            }
            boolean lockedNow = throttles.recordSubjectFailure(subject);
            if (throttles.recordFailure(request.sourceIp())) {
                audit.appendIndependently(AuditEvent.denied(AuditEvent.PLATFORM_CHAIN, "authenticate", resource,
                        "LOCKOUT_STARTED after repeated authentication failures"));
            }
            audit.appendIndependently(AuditEvent.denied(AuditEvent.PLATFORM_CHAIN, "session.login", resource,
                    outcome.failure() + (lockedNow ? "; LOCKOUT_STARTED" : "")));
            throw unauthenticated();
        } catch (Throttles.Unavailable e) {
            audit.appendIndependently(AuditEvent.denied(AuditEvent.PLATFORM_CHAIN, "session.login", resource,
                    "REVOCATION_UNAVAILABLE: fail-closed (" + e.getMessage() + ")"));
            throw new VelocityException(ErrorCode.REVOCATION_UNAVAILABLE,
                    "The lockout store (Redis) cannot be consulted, so no login is accepted; try again shortly.");
        } finally {
            if (password != null) {
                java.util.Arrays.fill(password, '\0');
            }
        }
    }

    @Override
    public TokenPair refresh(String refreshToken) {
        SessionTransactions.Outcome outcome = transactions.refresh(refreshToken);
        if (outcome.tokens() != null) {
            return outcome.tokens();
        }
        if (outcome.reusedFamily() != null) {
            revokeFamilyEverywhere(outcome.reusedFamily());
        }
        audit.appendIndependently(AuditEvent.denied(AuditEvent.PLATFORM_CHAIN, "session.refresh",
                outcome.reusedFamily() == null ? "session" : "session/" + outcome.reusedFamily(), outcome.failure()));
        throw unauthenticated();
    }

    @Override
    public void logout(String accessToken) {
        String family = transactions.logout(accessToken);
        revokeFamilyEverywhere(family);
    }

    @Override
    public String publicKeys() {
        return credentials.publicJwks();
    }

    /**
     * The database already refuses the family's refresh tokens; the revocation list entry, kept as
     * long as an access token lives, stops the family's access tokens on every replica. If Redis
     * cannot take it, every authenticated request fails closed anyway until it can.
     */
    private void revokeFamilyEverywhere(String family) {
        try {
            revocations.revoke(FAMILY_REVOCATION_KIND, family, settings.accessTtl().plusMinutes(1));
        } catch (RevocationList.Unavailable e) {
            java.util.logging.Logger.getLogger(DefaultSessions.class.getName()).warning("Session family " + family
                    + " revoked in the database; the revocation list did not answer.");
        }
    }

    private static VelocityException unauthenticated() {
        return new VelocityException(ErrorCode.UNAUTHENTICATED, "Invalid credentials.");
    }

    /** For the audit payload of a successful login or refresh: no token, only its family. */
    static jakarta.json.JsonObject sessionPayload(String family) {
        return Jsonp.createObjectBuilder().add("family", family).build();
    }
}
