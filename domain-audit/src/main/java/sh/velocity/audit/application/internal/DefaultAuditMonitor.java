package sh.velocity.audit.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.annotation.Gauge;
import sh.velocity.audit.api.AuditMonitor;
import sh.velocity.audit.api.ChainVerification;
import sh.velocity.audit.domain.ChainVerifier;
import sh.velocity.audit.infrastructure.persistence.JdbcCheckpoints;

/**
 * Re-verifies every chain (against its last signed checkpoint too) and remembers which failed. The
 * count is the gauge {@code velocity_audit_tampering_detected}; the readiness check
 * {@code audit-chains} is DOWN while it is above zero, and each failing chain is logged at SEVERE
 * with the first bad event, once per run.
 *
 * <p>The timer's runs are incremental: a chain verified before is read only from the event its
 * last pass ended at (which must be unchanged) to its head, carrying the Merkle frontier on to
 * any checkpoint signed since. Each chain is verified whole on its first run after a start, when
 * {@code velocity.audit.monitor.full-every} has passed since its last whole pass (an edit of an
 * older event shows then, at the latest), whenever an incremental pass cannot vouch for it, and
 * on {@link #verifyAll}. The last positions live in this server's memory only: nothing a database
 * user can write decides how much of a chain is skipped.
 */
@ApplicationScoped
public class DefaultAuditMonitor implements AuditMonitor {

    private static final Logger LOG = Logger.getLogger(DefaultAuditMonitor.class.getName());

    @Inject
    DefaultAuditVerifier verifier;

    @Inject
    AuditLinker linker;

    /** How long link passes may fail before the readiness check reports it. */
    static final Duration LINKING_STALLED_AFTER = Duration.ofSeconds(30);

    @Inject
    JdbcCheckpoints checkpoints;

    @Inject
    @ConfigProperty(name = "velocity.audit.monitor.full-every", defaultValue = "PT6H")
    Duration fullEvery;

    private final Map<String, Watched> watched = new ConcurrentHashMap<>();

    private volatile List<ChainVerification> tampered = List.of();

    /** A chain's last good pass, and when it was last verified whole. */
    private record Watched(DefaultAuditVerifier.Pass pass, Instant wholeAt) {
    }

    @Override
    public List<ChainVerification> tamperedChains() {
        return tampered;
    }

    @Override
    public Optional<String> linkingStalled() {
        return linker.failingFor(LINKING_STALLED_AFTER);
    }

    @Gauge(name = "velocity_audit_tampering_detected", absolute = true, unit = "none",
            description = "Audit chains whose last verification found tampering (0 when every chain verifies).")
    public long tamperingDetected() {
        return tampered.size();
    }

    /** Every chain, whole. */
    @Override
    public List<ChainVerification> verifyAll() {
        return run(true);
    }

    @Override
    public List<ChainVerification> verifyNew() {
        return run(false);
    }

    private List<ChainVerification> run(boolean whole) {
        List<String> chains = new ArrayList<>();
        try {
            checkpoints.chains(chains::add);
        } catch (SQLException e) {
            LOG.warning("The audit chains could not be listed for verification (SQLState " + e.getSQLState() + ")");
            return tampered;
        }
        watched.keySet().retainAll(chains);
        long started = System.nanoTime();
        Tally tally = new Tally();
        List<ChainVerification> failed = new ArrayList<>();
        for (String chain : chains) {
            ChainVerification result = verify(chain, whole, tally);
            if (!result.valid()) {
                failed.add(result);
                LOG.severe("Audit chain " + chain + " is invalid: " + result.reason() + " (first bad event "
                        + result.firstBadEvent() + ", " + result.tampered() + " problem(s))");
            }
        }
        tampered = List.copyOf(failed);
        LOG.info("Audit chains verified: " + chains.size() + " (" + tally.whole + " whole, " + tally.incremental
                + " from their last pass), " + tally.events + " events read, " + failed.size() + " failing, in "
                + (System.nanoTime() - started) / 1_000_000 + " ms");
        return tampered;
    }

    /** What one run read: chains whole and from their last pass, and events. */
    private static final class Tally {
        int whole;
        int incremental;
        long events;
    }

    private ChainVerification verify(String chain, boolean whole, Tally tally) {
        Instant now = Instant.now();
        Watched last = watched.get(chain);
        if (!whole && last != null && now.isBefore(last.wholeAt().plus(fullEvery))) {
            Optional<DefaultAuditVerifier.Pass> next = verifier.verifyNew(chain, last.pass());
            if (next.isPresent() && next.get().end().isPresent()) {
                watched.put(chain, new Watched(next.get(), last.wholeAt()));
                tally.incremental++;
                tally.events += next.get().verification().events();
                return next.get().verification();
            }
        }
        Optional<ChainVerifier.Position> seen = last == null ? Optional.empty() : last.pass().end();
        DefaultAuditVerifier.Pass pass = verifier.verifyWhole(chain, seen.map(ChainVerifier.Position::seq).orElse(-1L));
        tally.whole++;
        tally.events += pass.verification().events();
        ChainVerification result = pass.verification();
        if (result.valid() && seen.isPresent()) {
            result = lostSince(chain, seen.get(), last.wholeAt(), pass).orElse(result);
        }
        if (result.valid() && pass.end().isPresent()) {
            watched.put(chain, new Watched(pass, now));
        } else {
            watched.remove(chain);
        }
        return result;
    }

    /**
     * What a whole pass that holds cannot see by itself, but this server can: an event it verified
     * before is gone (the chain ends before it: its head moved back) or is not the one it verified
     * (same number, another hash). Retention drops old ranges only, never the newest events, so a
     * chain's end never moves back by itself; the events since its last signed checkpoint are
     * covered by nothing else (about a minute of them), and a restore from an older backup shows here
     * too.
     */
    private static Optional<ChainVerification> lostSince(String chain, ChainVerifier.Position seen, Instant since,
                                                         DefaultAuditVerifier.Pass pass) {
        long end = pass.end().map(ChainVerifier.Position::seq).orElse(0L);
        if (end < seen.seq()) {
            return Optional.of(new ChainVerification(chain, false, pass.verification().events(), 1, end + 1,
                    seen.hash(), null, "chain ends at event " + end + " but this server verified it up to event "
                    + seen.seq() + " (" + since + " or later)"));
        }
        Optional<ChainVerifier.Position> now = pass.capture();
        if (now.isPresent() && !now.get().hash().equals(seen.hash())) {
            return Optional.of(new ChainVerification(chain, false, pass.verification().events(), 1, seen.seq(),
                    seen.hash(), now.get().hash(), "event " + seen.seq() + " is not the one this server verified"));
        }
        return Optional.empty();
    }
}
