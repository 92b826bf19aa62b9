package sh.velocity.audit.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditRetention;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.audit.api.ChainVerification;
import sh.velocity.audit.domain.ChainVerifier;
import sh.velocity.audit.domain.merkle.RetentionAnchor;
import sh.velocity.audit.infrastructure.persistence.JdbcRetention;
import sh.velocity.audit.infrastructure.persistence.JdbcRetention.ChainRange;
import sh.velocity.audit.infrastructure.persistence.JdbcRetention.Hold;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.kernel.request.RequestContext;

/**
 * Retention as policy, holds and runs. A run seals every chain first (an anchor needs a signed
 * checkpoint at or beyond the events it replaces), then for each expired month no hold touches:
 * verifies every chain with events in it (tampered evidence is never laundered into a signed
 * anchor: the month is kept and the refusal audited), signs one anchor per chain, and drops the
 * month in one transaction with its audit event ({@link RetentionDrops}).
 */
@ApplicationScoped
public class DefaultAuditRetention implements AuditRetention {

    private static final Logger LOG = Logger.getLogger(DefaultAuditRetention.class.getName());
    private static final Pattern NAMESPACE = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu-MM");

    @Inject
    JdbcRetention store;

    @Inject
    AuditTrail audit;

    @Inject
    DefaultAuditVerifier verifier;

    @Inject
    CheckpointSealer sealer;

    @Inject
    CheckpointKeys keys;

    @Inject
    RetentionDrops drops;

    @Inject
    RequestContext request;

    @Override
    @Transactional
    public List<Policy> policies() {
        try {
            return store.policies().stream().map(DefaultAuditRetention::view).toList();
        } catch (SQLException e) {
            throw unavailable();
        }
    }

    @Override
    @Transactional
    public Policy setPolicy(String namespace, Integer retainDays) {
        requireNamespace(namespace);
        if (retainDays != null && (retainDays < MIN_DAYS || retainDays > MAX_DAYS)) {
            throw new VelocityException(ErrorCode.VALIDATION_FAILED, "Audit retention must be between " + MIN_DAYS
                    + " and " + MAX_DAYS + " days, or forever.");
        }
        try {
            Policy policy = view(store.setPolicy(namespace, retainDays, request.actor()));
            audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, "audit.retention.set", "audit/retention/" + namespace,
                    Jsonp.createObjectBuilder().add("namespace", namespace)
                            .add("retain", retainDays == null ? "forever" : retainDays + "d").build()));
            return policy;
        } catch (SQLException e) {
            throw unavailable();
        }
    }

    @Override
    @Transactional
    public LegalHold placeHold(String namespace, OffsetDateTime from, OffsetDateTime to, String reason) {
        requireNamespace(namespace);
        if (from == null || to == null || !to.isAfter(from)) {
            throw new VelocityException(ErrorCode.VALIDATION_FAILED, "A legal hold needs from and to, with to after from.");
        }
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > 1000) {
            throw new VelocityException(ErrorCode.VALIDATION_FAILED, "A legal hold needs a reason of 1 to 1000 characters.");
        }
        try {
            Hold hold = store.placeHold(namespace, from, to, why, currentActor());
            audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, "audit.legalhold.place",
                    "audit/legal-holds/" + hold.id(), Jsonp.createObjectBuilder().add("namespace", namespace)
                            .add("from", from.toString()).add("to", to.toString()).add("reason", why).build()));
            return view(hold);
        } catch (SQLException e) {
            throw unavailable();
        }
    }

    @Override
    @Transactional
    public List<LegalHold> holds(String namespace, boolean includeReleased) {
        if (namespace != null) {
            requireNamespace(namespace);
        }
        try {
            return store.holds(namespace, includeReleased).stream().map(DefaultAuditRetention::view).toList();
        } catch (SQLException e) {
            throw unavailable();
        }
    }

    @Override
    @Transactional
    public LegalHold releaseHold(UUID id, String reason) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > 1000) {
            throw new VelocityException(ErrorCode.VALIDATION_FAILED,
                    "Releasing a legal hold needs a reason of 1 to 1000 characters.");
        }
        try {
            Hold hold = store.releaseHold(id, currentActor(), why).orElseThrow(() ->
                    new VelocityException(ErrorCode.NOT_FOUND, "No legal hold " + id + " in force."));
            audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, "audit.legalhold.release",
                    "audit/legal-holds/" + id, Jsonp.createObjectBuilder().add("namespace", hold.org())
                            .add("reason", why).build()));
            return view(hold);
        } catch (SQLException e) {
            throw unavailable();
        }
    }

    @Override
    @Transactional
    public List<Partition> partitions(String namespace) {
        if (namespace != null && !"platform".equals(namespace)) {
            requireNamespace(namespace);
        }
        String org = "platform".equals(namespace) ? "" : namespace;
        try {
            return store.partitions(org).stream().map(p -> new Partition(p.org().isEmpty() ? "platform" : p.org(),
                    MONTH.format(p.month()), p.relname(), p.createdAt(), p.droppedAt(), p.droppedEvents())).toList();
        } catch (SQLException e) {
            throw unavailable();
        }
    }

    @Override
    public List<Outcome> run() {
        sealer.sealAll();
        List<Outcome> out = new ArrayList<>();
        List<JdbcRetention.Partition> expired;
        try {
            expired = drops.expired();
        } catch (SQLException e) {
            throw unavailable();
        }
        for (JdbcRetention.Partition p : expired) {
            out.add(runOne(p.org(), p.month()));
        }
        return out;
    }

    private Outcome runOne(String org, LocalDate month) {
        String label = MONTH.format(month);
        try {
            List<Hold> holds = drops.holdsOver(org, month);
            if (!holds.isEmpty()) {
                return new Outcome(org, label, false, 0, List.of(), "legal hold " + holds.get(0).id() + " covers it");
            }
            List<ChainRange> ranges = drops.chainRanges(org, month);
            JsonObjectBuilder anchors = Jsonp.createObjectBuilder();
            List<String> chains = new ArrayList<>();
            Instant now = Instant.now();
            for (ChainRange r : ranges) {
                DefaultAuditVerifier.Pass checked = verifier.verifyCapturing(r.chain(), r.lastSeq());
                ChainVerification v = checked.verification();
                if (!v.valid()) {
                    String reason = "chain " + r.chain() + " fails verification at event " + v.firstBadEvent()
                            + " (" + v.reason() + "); nothing is dropped until it is investigated";
                    refuse(org, label, reason);
                    return new Outcome(org, label, false, 0, List.of(), reason);
                }
                if (checked.capture().isEmpty() || r.count() != r.lastSeq() - r.firstSeq() + 1) {
                    String reason = "chain " + r.chain() + " has no signed checkpoint covering event " + r.lastSeq()
                            + " or its events in this month are not contiguous";
                    refuse(org, label, reason);
                    return new Outcome(org, label, false, 0, List.of(), reason);
                }
                ChainVerifier.Position at = checked.capture().get();
                RetentionAnchor anchor = new RetentionAnchor(r.chain(), r.firstSeq(), r.lastSeq(), at.hash(),
                        at.frontier(), now);
                anchors.add(r.chain(), Jsonp.createObjectBuilder()
                        .add("firstSeq", r.firstSeq()).add("lastSeq", r.lastSeq()).add("lastHash", at.hash())
                        .add("frontier", Jsonp.createArrayBuilder(at.frontier()))
                        .add("signedAt", anchor.signedAt().toString()).add("keyId", keys.keyId())
                        .add("signature", Base64.getEncoder().encodeToString(keys.signer().signAnchor(anchor))));
                chains.add(r.chain());
            }
            long events = drops.drop(org, month, anchors.build().toString(), chains);
            LOG.info("Audit retention dropped " + events + " events of " + org + " for " + label);
            return new Outcome(org, label, true, events, chains, null);
        } catch (RetentionDrops.Refused e) {
            refuse(org, label, e.getMessage());
            return new Outcome(org, label, false, 0, List.of(), e.getMessage());
        } catch (SQLException e) {
            LOG.warning("Audit retention of " + org + " for " + label + " failed (SQLState " + e.getSQLState() + ")");
            return new Outcome(org, label, false, 0, List.of(), "the database refused or failed (SQLState "
                    + e.getSQLState() + "); retried at the next run");
        }
    }

    private void refuse(String org, String month, String reason) {
        LOG.warning("Audit retention kept " + org + " " + month + ": " + reason);
        audit.appendIndependently(new AuditEvent(AuditEvent.PLATFORM_CHAIN, "audit.retention.drop",
                "audit/partitions/" + org + "/" + month, sh.velocity.audit.api.AuditResult.FAILURE, "kept",
                Jsonp.createObjectBuilder().add("namespace", org).add("month", month).add("reason", reason).build()));
    }

    private String currentActor() {
        return request.actor();
    }

    private static void requireNamespace(String namespace) {
        if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
            throw new VelocityException(ErrorCode.VALIDATION_FAILED,
                    "A namespace matches [a-z][a-z0-9-]{0,62}.");
        }
    }

    private static VelocityException unavailable() {
        return new VelocityException(ErrorCode.AUDIT_UNAVAILABLE, "The audit log could not be read or written.");
    }

    private static Policy view(JdbcRetention.Policy p) {
        return new Policy(p.org(), p.retainDays(), p.updatedAt(), p.updatedBy());
    }

    private static LegalHold view(Hold h) {
        return new LegalHold(h.id(), h.org(), h.startsAt(), h.endsAt(), h.reason(), h.createdBy(), h.createdAt(),
                h.releasedAt(), h.releasedBy(), h.releaseReason());
    }
}
