package sh.velocity.audit.application.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import sh.velocity.audit.api.ChainVerification;
import sh.velocity.audit.domain.ChainVerifier;
import sh.velocity.audit.infrastructure.persistence.JdbcCheckpoints;

/**
 * When the monitor reads a chain whole and when only its new events: the passes themselves
 * ({@link DefaultAuditVerifier}) are replaced by a recorder here; their checks are
 * {@code ChainResumeTest}'s and the audit ITs'.
 */
class DefaultAuditMonitorTest {

    /** Records each pass; an incremental pass vouches for the chain unless told not to. */
    private static final String HASH = "ab".repeat(32);

    private static final class Passes extends DefaultAuditVerifier {
        final List<String> calls = new ArrayList<>();
        final Map<String, Boolean> incrementalHolds = new LinkedHashMap<>();
        final Map<String, Boolean> valid = new LinkedHashMap<>();
        /** The end of the next whole pass, when set; otherwise 10 further than the last pass's. */
        Long nextEnd;
        /** The hash a whole pass finds at the event where the last pass ended. */
        String hashAtSeen = HASH;
        private long seq;

        @Override
        public Pass verifyWhole(String chain, long seenSeq) {
            calls.add("whole " + chain);
            Pass p = pass(chain);
            Optional<ChainVerifier.Position> capture = seenSeq >= 0 && seenSeq <= p.end().map(ChainVerifier.Position::seq)
                    .orElse(0L) ? Optional.of(new ChainVerifier.Position(seenSeq, hashAtSeen, List.of())) : Optional.empty();
            return new Pass(p.verification(), capture, p.end(), p.checkpoint());
        }

        @Override
        public Optional<Pass> verifyNew(String chain, Pass previous) {
            calls.add("new " + chain + " from " + previous.end().orElseThrow().seq());
            return incrementalHolds.getOrDefault(chain, true) ? Optional.of(pass(chain)) : Optional.empty();
        }

        private Pass pass(String chain) {
            boolean ok = valid.getOrDefault(chain, true);
            seq = nextEnd != null ? nextEnd : seq + 10;
            nextEnd = null;
            ChainVerification v = new ChainVerification(chain, ok, 10, ok ? 0 : 1, ok ? null : 3L, null, null,
                    ok ? null : "hash mismatch");
            Optional<ChainVerifier.Position> end = ok ? Optional.of(new ChainVerifier.Position(seq, HASH, List.of()))
                    : Optional.empty();
            return new Pass(v, Optional.empty(), end, Optional.empty());
        }
    }

    private static final class Chains extends JdbcCheckpoints {
        final List<String> names = new ArrayList<>();

        @Override
        public void chains(Consumer<String> sink) {
            names.forEach(sink);
        }
    }

    private final Passes passes = new Passes();
    private final Chains chains = new Chains();
    private final DefaultAuditMonitor monitor = new DefaultAuditMonitor();

    DefaultAuditMonitorTest() {
        monitor.verifier = passes;
        monitor.checkpoints = chains;
        monitor.fullEvery = Duration.ofHours(6);
        chains.names.addAll(List.of("acme/a", "acme/b"));
    }

    @Test
    void aChainIsReadWholeFirstAndThenFromWhereItsLastPassEnded() {
        monitor.verifyNew();
        monitor.verifyNew();
        assertEquals(List.of("whole acme/a", "whole acme/b", "new acme/a from 10", "new acme/b from 20"), passes.calls);
    }

    @Test
    void anIncrementalPassThatCannotVouchIsFollowedByAWholeOne() {
        monitor.verifyNew();
        passes.incrementalHolds.put("acme/a", false);
        passes.calls.clear();
        monitor.verifyNew();
        assertEquals(List.of("new acme/a from 10", "whole acme/a", "new acme/b from 20"), passes.calls);
    }

    @Test
    void aFailingChainIsReportedAndReadWholeUntilItVerifies() {
        passes.valid.put("acme/b", false);
        List<ChainVerification> failed = monitor.verifyNew();
        assertEquals(1, failed.size());
        assertEquals(1, monitor.tamperingDetected());
        passes.calls.clear();
        monitor.verifyNew();
        assertEquals(List.of("new acme/a from 10", "whole acme/b"), passes.calls);
        passes.valid.remove("acme/b");
        monitor.verifyNew();
        assertEquals(0, monitor.tamperingDetected());
        assertTrue(monitor.tamperedChains().isEmpty());
    }

    @Test
    void everyChainIsReadWholeOnceTheIntervalHasPassedAndWhenAskedTo() {
        monitor.verifyNew();
        passes.calls.clear();
        monitor.verifyAll();
        assertEquals(List.of("whole acme/a", "whole acme/b"), passes.calls);
        monitor.fullEvery = Duration.ZERO;
        passes.calls.clear();
        monitor.verifyNew();
        assertEquals(List.of("whole acme/a", "whole acme/b"), passes.calls);
    }

    @Test
    void aChainThatEndsBeforeTheEventThisServerVerifiedIsTamperedThoughItHolds() {
        chains.names.remove("acme/b");
        monitor.verifyNew();
        passes.incrementalHolds.put("acme/a", false);
        passes.nextEnd = 7L;
        List<ChainVerification> failed = monitor.verifyNew();
        assertEquals(1, failed.size(), failed.toString());
        assertEquals(8L, failed.get(0).firstBadEvent());
        assertTrue(failed.get(0).reason().contains("this server verified it up to event 10"), failed.get(0).reason());
        passes.calls.clear();
        passes.incrementalHolds.remove("acme/a");
        assertTrue(monitor.verifyNew().isEmpty(), "the next whole pass starts afresh");
        assertEquals(List.of("whole acme/a"), passes.calls);
    }

    @Test
    void anEventThisServerVerifiedThatChangedIsTamperedThoughTheChainHolds() {
        chains.names.remove("acme/b");
        monitor.verifyNew();
        monitor.fullEvery = Duration.ZERO;
        passes.hashAtSeen = "cd".repeat(32);
        List<ChainVerification> failed = monitor.verifyNew();
        assertEquals(1, failed.size(), failed.toString());
        assertEquals(10L, failed.get(0).firstBadEvent());
        assertEquals(HASH, failed.get(0).expected());
        assertEquals("cd".repeat(32), failed.get(0).actual());
    }

    @Test
    void aChainThatIsNoLongerListedIsForgotten() {
        monitor.verifyNew();
        chains.names.remove("acme/a");
        monitor.verifyNew();
        chains.names.add(0, "acme/a");
        passes.calls.clear();
        monitor.verifyNew();
        assertEquals("whole acme/a", passes.calls.get(0));
    }
}
