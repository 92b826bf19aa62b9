package sh.velocity.auth.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.auth.api.ApiKeyView;
import sh.velocity.auth.api.ApiKeys;
import sh.velocity.auth.api.Authorizer;
import sh.velocity.auth.api.IssuedApiKey;
import sh.velocity.auth.api.Verb;
import sh.velocity.auth.domain.PrincipalName;
import sh.velocity.auth.domain.ApiKeyCodec;
import sh.velocity.auth.domain.GeneratedApiKey;
import sh.velocity.auth.domain.RevocationList;
import sh.velocity.auth.domain.TimeToLive;
import sh.velocity.auth.infrastructure.persistence.JdbcApiKeys;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.FieldError;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.kernel.request.RequestContext;

/**
 * Issues keys (only the hash is stored; the plaintext leaves once, in the response), lists their
 * metadata and revokes them. Every change is audited on the platform chain in the same transaction.
 */
@ApplicationScoped
public class DefaultApiKeys implements ApiKeys {

    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,62}";

    private final ApiKeyCodec codec = new ApiKeyCodec();

    @Inject
    JdbcApiKeys keys;

    @Inject
    RoleGrants grants;

    @Inject
    Authorizer authorizer;

    @Inject
    AuditTrail audit;

    @Inject
    AuthSettings settings;

    @Inject
    RequestContext request;

    @Inject
    RevocationList revocations;

    @Inject
    ApiKeyCredentialVerifier verifier;

    private static final java.util.logging.Logger LOG =
            java.util.logging.Logger.getLogger(DefaultApiKeys.class.getName());

    @Override
    @Transactional
    public IssuedApiKey create(String name, String principal, String ttl, List<String> roles) {
        authorizer.require(Verb.APIKEY_MANAGE, Verb.PLATFORM_SCOPE, AuditEvent.PLATFORM_CHAIN, "apikey.create");
        String owner = principal == null || principal.isBlank() ? name : principal;
        List<String> wanted = roles == null ? List.of() : roles;
        validate(name, owner, ttl);
        wanted.forEach(role -> grants.requireGrantable(role, Verb.PLATFORM_SCOPE));
        IssuedApiKey issued = issue(name, owner, TimeToLive.parse(ttl).toSeconds(), request.actor());
        for (String role : wanted) {
            grants.bind(owner, role, Verb.PLATFORM_SCOPE);
        }
        audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, "apikey.create", "apikey/" + issued.id(),
                Jsonp.createObjectBuilder().add("name", name).add("principal", owner)
                        .add("expiresAt", issued.expiresAt().toString())
                        .add("roles", Jsonp.createArrayBuilder(wanted)).build()));
        return issued;
    }

    /** Issues a key without permission checks or audit: for callers that did both. */
    IssuedApiKey issue(String name, String principal, long ttlSeconds, String createdBy) {
        GeneratedApiKey generated = codec.generate(settings.keyEnvironment());
        OffsetDateTime expires = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(ttlSeconds)
                .truncatedTo(ChronoUnit.SECONDS);
        try {
            ApiKeyView view = keys.insert(name, principal, generated.hashHex(), generated.hint(), createdBy, expires);
            return new IssuedApiKey(view.id(), name, principal, generated.plaintext(), expires);
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The key could not be stored.");
        }
    }

    @Override
    @Transactional
    public List<ApiKeyView> list(boolean expiredOnly) {
        authorizer.require(Verb.APIKEY_MANAGE, Verb.PLATFORM_SCOPE, AuditEvent.PLATFORM_CHAIN, "apikey.list");
        try {
            return keys.list(expiredOnly);
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The keys could not be listed.");
        }
    }

    @Override
    @Transactional
    public void revoke(String id) {
        authorizer.require(Verb.APIKEY_MANAGE, Verb.PLATFORM_SCOPE, AuditEvent.PLATFORM_CHAIN, "apikey.revoke");
        UUID uuid = parseId(id);
        try {
            if (!keys.revoke(uuid)) {
                throw new VelocityException(ErrorCode.NOT_FOUND, "No active API key with id " + uuid + ".");
            }
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The key could not be revoked.");
        }
        verifier.forget(uuid.toString());
        audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, "apikey.revoke", "apikey/" + uuid, null));
        try {
            revocations.revoke(ApiKeyCredentialVerifier.REVOCATION_KIND, uuid.toString(), TimeToLive.MAX);
        } catch (RevocationList.Unavailable e) {
            // The database's revoked_at, set above, already refuses the key on every replica; the
            // list entry (kept for the longest key lifetime) is a second line, so the revocation stands.
            LOG.warning("Key " + uuid + " revoked in the database; the revocation list did not answer.");
        }
    }

    @Override
    @Transactional
    public IssuedApiKey rotate(String id, String overlap, String ttl) {
        authorizer.require(Verb.APIKEY_MANAGE, Verb.PLATFORM_SCOPE, AuditEvent.PLATFORM_CHAIN, "apikey.rotate");
        UUID uuid = parseId(id);
        java.time.Duration keep;
        Long lifetime;
        try {
            keep = TimeToLive.parse(overlap == null ? settings.rotationOverlap() : overlap);
            lifetime = ttl == null ? null : TimeToLive.parse(ttl).toSeconds();
        } catch (IllegalArgumentException e) {
            throw new VelocityException(ErrorCode.VALIDATION_FAILED, "The rotation is invalid.",
                    List.of(new FieldError(overlap != null && ttl == null ? "overlap" : "ttl",
                            e.getMessage())));
        }
        try {
            JdbcApiKeys.RotatableKey old = keys.findUsable(uuid).orElseThrow(() -> new VelocityException(
                    ErrorCode.NOT_FOUND, "No usable (unrevoked, unexpired) API key with id " + uuid + "."));
            long seconds = lifetime != null ? lifetime
                    : Math.max(60, java.time.Duration.between(old.createdAt(), old.expiresAt()).toSeconds());
            IssuedApiKey issued = issue(old.name(), old.principal(), seconds, request.actor());
            OffsetDateTime oldExpires = keys.expireBy(uuid, OffsetDateTime.now(ZoneOffset.UTC).plus(keep));
            verifier.forget(uuid.toString());
            audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, "apikey.rotate", "apikey/" + uuid,
                    Jsonp.createObjectBuilder().add("newKey", issued.id()).add("principal", old.principal())
                            .add("oldExpiresAt", oldExpires.toString())
                            .add("newExpiresAt", issued.expiresAt().toString()).build()));
            return issued;
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The key could not be rotated.");
        }
    }

    static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new VelocityException(ErrorCode.NOT_FOUND, "No such id.");
        }
    }

    private static void validate(String name, String principal, String ttl) {
        List<FieldError> errors = new java.util.ArrayList<>();
        if (name == null || !name.matches(NAME)) {
            errors.add(new FieldError("name", "must match " + NAME));
        }
        PrincipalName.problem(principal).ifPresent(p -> errors.add(new FieldError("principal", p)));
        try {
            TimeToLive.parse(ttl);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("ttl", e.getMessage()));
        }
        if (!errors.isEmpty()) {
            throw new VelocityException(ErrorCode.VALIDATION_FAILED, "The API key request is invalid.", errors);
        }
    }
}
