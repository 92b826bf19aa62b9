package sh.velocity.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.stream.Collectors;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditMonitor;
import sh.velocity.audit.api.AuditQueries;
import sh.velocity.audit.api.ChainVerification;
import sh.velocity.auth.api.Authorizer;
import sh.velocity.auth.api.Verb;
import sh.velocity.compliance.api.CheckResult;
import sh.velocity.compliance.api.CheckStatus;
import sh.velocity.compliance.api.ComplianceChecklist;
import sh.velocity.records.api.SearchStatus;
import sh.velocity.schema.api.SchemaAdministration;
import sh.velocity.schema.api.SchemaSummary;

/**
 * The dashboard at a glance: the hardening checklist's summary ({@code compliance.read} on
 * {@code *}), the audit chains' state as the last verification left it ({@code audit.read} on
 * {@code *}), the outbox lag and search-engine health of the record types the principal may read,
 * and a chart of the last hour's record writes and outbox lag ({@link ActivityChart}).
 */
@Named("dashboard")
@RequestScoped
public class DashboardPage {

    @Inject
    ConsoleFrame console;

    @Inject
    ComplianceChecklist checklist;

    @Inject
    AuditMonitor monitor;

    @Inject
    SchemaAdministration schemas;

    @Inject
    SearchStatus search;

    @Inject
    AuditQueries queries;

    @Inject
    Authorizer authorizer;

    private List<CheckResult> checks = List.of();
    private List<ChainState> chains = List.of();
    private List<LagRow> lags = List.of();
    private ActivityChart chart;
    private int writeChains;

    @PostConstruct
    void load() {
        if (console.can(Verb.COMPLIANCE_READ)) {
            checks = checklist.run();
        }
        List<SchemaSummary> visible = schemas.list();
        Set<String> paths = visible.stream().map(SchemaSummary::schemaPath).collect(Collectors.toSet());
        if (console.can(Verb.AUDIT_READ)) {
            Map<String, ChainVerification> tampered = monitor.tamperedChains().stream()
                    .collect(Collectors.toMap(ChainVerification::chain, v -> v, (a, b) -> a));
            List<ChainState> states = new ArrayList<>();
            states.add(ChainState.of(AuditEvent.PLATFORM_CHAIN, tampered.get(AuditEvent.PLATFORM_CHAIN)));
            visible.forEach(s -> states.add(ChainState.of(s.schemaPath(), tampered.get(s.schemaPath()))));
            chains = states;
        }
        List<LagRow> rows = new ArrayList<>();
        search.lags().forEach((path, lag) -> {
            if (paths.contains(path)) {
                rows.add(new LagRow(path, lag.unpublished(), Math.round(lag.oldestSeconds()),
                        lag.oldestSeconds() > search.maxLagSeconds()));
            }
        });
        rows.sort(java.util.Comparator.comparing(LagRow::schemaPath));
        lags = rows;
        chart = activity(visible, paths);
    }

    /**
     * The last hour: writes counted on the record types whose audit chain the principal may read
     * ({@code audit.read} on the path or on {@code *}), and this server's lag samples of the tier-3
     * record types it may read (as the lag table).
     */
    private ActivityChart activity(List<SchemaSummary> visible, Set<String> paths) {
        boolean everyChain = console.can(Verb.AUDIT_READ);
        List<String> audited = visible.stream().map(SchemaSummary::schemaPath)
                .filter(p -> everyChain || authorizer.has(Verb.AUDIT_READ, p)).toList();
        Instant now = Instant.now();
        SortedMap<Instant, Long> writes = queries.recordWritesPerMinute(audited, ActivityChart.windowStart(now));
        Map<String, List<SearchStatus.LagSample>> history = new HashMap<>(search.lagHistory());
        history.keySet().retainAll(paths);
        writeChains = audited.size();
        return ActivityChart.of(now, writes, history, !lags.isEmpty());
    }

    public ActivityChart getChart() {
        return chart;
    }

    /** How many record types the write volume counts. */
    public int getWriteChains() {
        return writeChains;
    }

    public long count(String status) {
        return checks.stream().filter(c -> c.status().wire().equals(status)).count();
    }

    public boolean isChecklistShown() {
        return !checks.isEmpty();
    }

    public List<CheckResult> getFailingChecks() {
        return checks.stream().filter(c -> c.status() == CheckStatus.FAIL).toList();
    }

    public List<ChainState> getChains() {
        return chains;
    }

    public List<LagRow> getLags() {
        return lags;
    }

    public String getSearchHealth() {
        if (!search.engineConfigured()) {
            return "Tier 2 only (PostgreSQL full-text): no search engine configured";
        }
        boolean behind = lags.stream().anyMatch(LagRow::behind);
        if (!search.engineReachable()) {
            return "Degraded: the search engine does not answer; searches use tier 2";
        }
        return behind ? "Degraded: an index is more than " + search.maxLagSeconds() + " s behind; searches use tier 2"
                : "OK: the search engine answers and every index is within " + search.maxLagSeconds() + " s";
    }

    public boolean isSearchHealthy() {
        return !search.engineConfigured() || (search.engineReachable() && lags.stream().noneMatch(LagRow::behind));
    }

    /** One audit chain and what its last verification found. */
    public record ChainState(String chain, boolean tampered, String detail) {

        static ChainState of(String chain, ChainVerification failed) {
            return failed == null ? new ChainState(chain, false, "no tampering found by the last verification")
                    : new ChainState(chain, true, "first bad event " + failed.firstBadEvent() + ": " + failed.reason());
        }
    }

    /** The outbox of one tier-3 record type. */
    public record LagRow(String schemaPath, long unpublished, long oldestSeconds, boolean behind) {
    }
}
