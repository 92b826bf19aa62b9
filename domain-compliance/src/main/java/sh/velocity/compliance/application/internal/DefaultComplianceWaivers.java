package sh.velocity.compliance.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.auth.api.Authorizer;
import sh.velocity.auth.api.Verb;
import sh.velocity.compliance.api.ComplianceWaivers;
import sh.velocity.compliance.api.WaiverView;
import sh.velocity.compliance.domain.packs.Waiver;
import sh.velocity.compliance.infrastructure.packs.JdbcWaivers;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.FieldError;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.kernel.request.RequestContext;

/**
 * Grants, lists and revokes waivers. Only a holder of {@code compliance.waive} on {@code *} may grant
 * or revoke one (a denial is audited by the authorizer); every grant and revocation is audited on the
 * platform chain with the waiver's pack, control, schema prefix, expiry and justification, in the
 * same transaction as the change.
 */
@ApplicationScoped
public class DefaultComplianceWaivers implements ComplianceWaivers {

    /** A schema path or a prefix of one: namespace, then up to three more segments, then a version. */
    static final Pattern SCHEMA_PREFIX =
            Pattern.compile("[a-z][a-z0-9-]{0,62}(/[a-z][a-z0-9-]{0,62}){0,3}(/v[1-9][0-9]{0,5})?");
    private static final Pattern TTL = Pattern.compile("([1-9][0-9]{0,3})d");
    private static final int MAX_JUSTIFICATION = 2000;

    @Inject
    JdbcWaivers store;

    @Inject
    PackCatalog catalog;

    @Inject
    Authorizer authorizer;

    @Inject
    AuditTrail audit;

    @Inject
    RequestContext request;

    @Override
    @Transactional
    public WaiverView create(String pack, String control, String schema, String justification, String ttl,
            String expiresAt) {
        authorizer.require(Verb.COMPLIANCE_WAIVE, Verb.PLATFORM_SCOPE, AuditEvent.PLATFORM_CHAIN,
                "compliance.waiver.create");
        String why = justification == null ? "" : justification.strip();
        if (why.length() < MIN_JUSTIFICATION || why.length() > MAX_JUSTIFICATION
                || why.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t')) {
            throw invalid("justification", "a justification of " + MIN_JUSTIFICATION + " to " + MAX_JUSTIFICATION
                    + " printable characters is required: why the control may fail, and until when");
        }
        if (schema == null || !SCHEMA_PREFIX.matcher(schema).matches()) {
            throw invalid("schema", "schema must be a schema path or a prefix of one, at least the namespace "
                    + "(e.g. acme/payments or acme/payments/cards/card/v1)");
        }
        String namespace = schema.split("/")[0];
        if (pack == null || control == null) {
            throw invalid(pack == null ? "pack" : "control", "pack and control are required");
        }
        PackCatalog.Enabled enabled = catalog.enabled(namespace).stream().filter(e -> e.row().name().equals(pack))
                .findFirst().orElseThrow(() -> invalid("pack", "no pack '" + clip(pack) + "' is enabled for "
                        + namespace));
        if (enabled.pack().controls().stream().noneMatch(c -> c.control().id().equals(control))) {
            throw invalid("control", "pack " + pack + " has no control '" + clip(control) + "'");
        }
        Instant expires = expiry(ttl, expiresAt);
        try {
            Waiver w = store.insert(namespace, pack, control, schema, why, expires, request.actor());
            audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, "compliance.waiver.create",
                    "compliance/waivers/" + w.id(), Jsonp.createObjectBuilder().add("pack", pack)
                            .add("control", control).add("schema", schema).add("justification", why)
                            .add("expiresAt", w.expiresAt().toString()).build()));
            return view(w, Instant.now());
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The waiver could not be stored.");
        }
    }

    @Override
    @Transactional
    public List<WaiverView> list(boolean includeInactive) {
        authorizer.require(Verb.COMPLIANCE_READ, Verb.PLATFORM_SCOPE, AuditEvent.PLATFORM_CHAIN,
                "compliance.waiver.list");
        Instant now = Instant.now();
        try {
            return store.list(includeInactive).stream().map(w -> view(w, now)).toList();
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The waivers could not be read.");
        }
    }

    @Override
    @Transactional
    public WaiverView revoke(String id) {
        authorizer.require(Verb.COMPLIANCE_WAIVE, Verb.PLATFORM_SCOPE, AuditEvent.PLATFORM_CHAIN,
                "compliance.waiver.revoke");
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new VelocityException(ErrorCode.NOT_FOUND, "No waiver " + clip(String.valueOf(id)) + ".");
        }
        try {
            Waiver w = store.find(uuid, true)
                    .orElseThrow(() -> new VelocityException(ErrorCode.NOT_FOUND, "No waiver " + id + "."));
            if (w.revokedAt() != null) {
                throw new VelocityException(ErrorCode.CONFLICT, "Waiver " + id + " was already revoked at "
                        + w.revokedAt() + ".");
            }
            Waiver revoked = store.revoke(uuid, request.actor());
            audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, "compliance.waiver.revoke",
                    "compliance/waivers/" + id, Jsonp.createObjectBuilder().add("pack", w.pack())
                            .add("control", w.control()).add("schema", w.schemaPrefix())
                            .add("justification", w.justification()).add("expiresAt", w.expiresAt().toString())
                            .build()));
            return view(revoked, Instant.now());
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The waiver could not be revoked.");
        }
    }

    /** Exactly one of ttl ("30d") and expiresAt (ISO-8601, in the future), at most a year away. */
    private static Instant expiry(String ttl, String expiresAt) {
        Instant now = Instant.now();
        Instant limit = now.plus(Duration.ofDays(MAX_DAYS));
        if ((ttl == null) == (expiresAt == null)) {
            throw invalid("ttl", "exactly one of ttl (e.g. \"30d\") and expiresAt (ISO-8601) is required; a waiver "
                    + "always expires, within " + MAX_DAYS + " days");
        }
        if (ttl != null) {
            Matcher m = TTL.matcher(ttl);
            if (!m.matches() || Integer.parseInt(m.group(1)) > MAX_DAYS) {
                throw invalid("ttl", "ttl is a number of days from 1d to " + MAX_DAYS + "d");
            }
            return now.plus(Duration.ofDays(Integer.parseInt(m.group(1))));
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(expiresAt).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid("expiresAt", "expiresAt must be an ISO-8601 date-time with an offset, e.g. "
                    + "2026-09-30T00:00:00Z");
        }
        if (!at.isAfter(now) || at.isAfter(limit)) {
            throw invalid("expiresAt", "expiresAt must be in the future and at most " + MAX_DAYS + " days away");
        }
        return at;
    }

    private static WaiverView view(Waiver w, Instant now) {
        String status = w.revokedAt() != null ? "revoked" : w.activeAt(now) ? "active" : "expired";
        return new WaiverView(w.id(), w.namespace(), w.pack(), w.control(), w.schemaPrefix(), w.justification(),
                w.createdBy(), at(w.createdAt()), at(w.expiresAt()), w.revokedAt() == null ? null : at(w.revokedAt()),
                w.revokedBy(), status);
    }

    private static OffsetDateTime at(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }

    private static VelocityException invalid(String field, String message) {
        return new VelocityException(ErrorCode.VALIDATION_FAILED, "The waiver request is invalid: " + message + ".",
                List.of(new FieldError(field, message)));
    }

    private static String clip(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 64 ? clean : clean.substring(0, 61) + "...";
    }
}
