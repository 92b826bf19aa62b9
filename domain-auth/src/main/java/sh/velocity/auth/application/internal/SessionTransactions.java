package sh.velocity.auth.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.auth.api.Sessions.TokenPair;
import sh.velocity.auth.api.Users;
import sh.velocity.auth.domain.SecretBox;
import sh.velocity.auth.infrastructure.persistence.JdbcRefreshTokens;
import sh.velocity.auth.infrastructure.persistence.JdbcRefreshTokens.StoredToken;
import sh.velocity.auth.infrastructure.persistence.JdbcUsers;
import sh.velocity.auth.infrastructure.persistence.JdbcUsers.StoredUser;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;

/**
 * The database side of logins and refreshes, one transaction each. A refusal is returned, not
 * thrown, so that what must outlive it (a family revoked after a reused token) commits; the
 * caller audits the refusal in a transaction of its own and answers 401.
 */
@ApplicationScoped
public class SessionTransactions {

    /** Tokens, or the reason for the refusal (for the audit log), and a family to revoke everywhere. */
    record Outcome(TokenPair tokens, String failure, String reusedFamily) {

        static Outcome refused(String failure) {
            return new Outcome(null, failure, null);
        }
    }

    private static final String REFRESH_PREFIX = "vrt_";

    @Inject
    JdbcUsers users;

    @Inject
    JdbcRefreshTokens tokens;

    @Inject
    Credentials credentials;

    @Inject
    AuthSettings settings;

    @Inject
    AuditTrail audit;

    @Transactional
    Outcome login(String username, char[] password, String totpCode) {
        try {
            Optional<StoredUser> found = username == null ? Optional.empty() : users.find(username);
            if (found.isEmpty()) {
                credentials.hasher().verify(password, credentials.decoyHash());
                return Outcome.refused("unknown user");
            }
            StoredUser user = found.get();
            if (!credentials.hasher().verify(password, user.passwordHash())) {
                return Outcome.refused("wrong password");
            }
            if (user.disabled()) {
                return Outcome.refused("user disabled");
            }
            String principal = Users.principalOf(username);
            List<String> roles = users.rolesOf(principal);
            boolean mfaRequired = roles.stream().anyMatch(settings.mfaRoles()::contains);
            if (user.sealedTotpSecret() == null) {
                if (mfaRequired) {
                    return Outcome.refused("TOTP required for role(s) " + roles + " but not enrolled");
                }
            } else {
                if (totpCode == null || totpCode.isBlank()) {
                    return Outcome.refused("TOTP code missing");
                }
                String secret = new String(credentials.box().open(user.sealedTotpSecret(), username),
                        StandardCharsets.US_ASCII);
                OptionalLong step = credentials.verifyTotp(secret, totpCode, user.totpLastStep());
                if (step.isEmpty()) {
                    boolean replayed = credentials.verifyTotp(secret, totpCode, user.totpLastStep() - 1).isPresent();
                    return Outcome.refused(replayed ? "TOTP code replayed" : "wrong TOTP code");
                }
                if (!users.useTotpStep(username, step.getAsLong())) {
                    return Outcome.refused("TOTP code replayed");
                }
            }
            if (credentials.hasher().needsRehash(user.passwordHash())) {
                users.updatePasswordHash(username, credentials.hasher().hash(password));
            }
            String family = UUID.randomUUID().toString();
            TokenPair pair = issue(username, family);
            audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, "session.login", "user/" + username,
                    DefaultSessions.sessionPayload(family)));
            return new Outcome(pair, null, null);
        } catch (SecretBox.Tampered e) {
            return Outcome.refused("TOTP secret does not decrypt under this server's secrets key");
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The login could not be checked.");
        }
    }

    @Transactional
    Outcome refresh(String refreshToken) {
        if (refreshToken == null || !refreshToken.startsWith(REFRESH_PREFIX) || refreshToken.length() > 128) {
            return Outcome.refused("malformed refresh token");
        }
        try {
            Optional<StoredToken> found = tokens.lockByHash(Credentials.sha256Hex(refreshToken));
            if (found.isEmpty()) {
                return Outcome.refused("unknown refresh token");
            }
            StoredToken token = found.get();
            String family = token.familyId().toString();
            if (token.revoked()) {
                return Outcome.refused("refresh token of a revoked session " + family);
            }
            if (token.used()) {
                tokens.revokeFamily(token.familyId());
                return new Outcome(null, "refresh token reused: session " + family + " revoked", family);
            }
            if (token.expired()) {
                return Outcome.refused("refresh token expired");
            }
            Optional<StoredUser> user = users.find(token.username());
            if (user.isEmpty() || user.get().disabled()) {
                tokens.revokeFamily(token.familyId());
                return new Outcome(null, "user disabled: session " + family + " revoked", family);
            }
            tokens.markUsed(token.id());
            TokenPair pair = issue(token.username(), family);
            audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, "session.refresh", "user/" + token.username(),
                    DefaultSessions.sessionPayload(family)));
            return new Outcome(pair, null, null);
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The refresh token could not be checked.");
        }
    }

    /** Revokes the calling token's family in the database; returns the family id. */
    @Transactional
    String logout(String accessToken) {
        Credentials.VerifiedToken token = credentials.verifyAccessToken(accessToken)
                .orElseThrow(() -> new VelocityException(ErrorCode.UNAUTHENTICATED,
                        "Logout needs the access token of the session it ends."));
        try {
            tokens.revokeFamily(UUID.fromString(token.family()));
        } catch (SQLException | IllegalArgumentException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The session could not be ended.");
        }
        audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, "session.logout", token.subject(),
                DefaultSessions.sessionPayload(token.family())));
        return token.family();
    }

    private TokenPair issue(String username, String family) throws SQLException {
        String refresh = REFRESH_PREFIX + credentials.randomToken();
        OffsetDateTime expires = OffsetDateTime.now(ZoneOffset.UTC).plus(settings.refreshTtl()).truncatedTo(ChronoUnit.SECONDS);
        tokens.insert(UUID.fromString(family), username, Credentials.sha256Hex(refresh), expires);
        String access = credentials.issueAccessToken(Users.principalOf(username), family);
        return new TokenPair(access, settings.accessTtl().toSeconds(), refresh, settings.refreshTtl().toSeconds());
    }
}
