package sh.velocity.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import sh.velocity.auth.api.Verb;
import sh.velocity.compliance.api.CheckResult;
import sh.velocity.compliance.api.ComplianceChecklist;
import sh.velocity.compliance.api.CompliancePacks;
import sh.velocity.compliance.api.ComplianceWaivers;
import sh.velocity.compliance.api.ControlResult;
import sh.velocity.compliance.api.PackView;
import sh.velocity.compliance.api.WaiverView;

/**
 * Compliance ({@code compliance.read} on {@code *}): the hardening checklist in full, the enabled
 * compliance packs with their controls, every applied schema against every control of its packs,
 * and the active waivers; for a principal with {@code compliance.waive} (platform admins) the form
 * that grants a waiver and the buttons that revoke one. The same facades as
 * {@code /api/v1/compliance/*}, which check the permissions and audit every change.
 */
@Named("compliance")
@RequestScoped
public class CompliancePage {

    @Inject
    ConsoleFrame console;

    @Inject
    ComplianceChecklist checklist;

    @Inject
    CompliancePacks packs;

    @Inject
    ComplianceWaivers waivers;

    @Inject
    ConsoleMessages messages;

    private List<CheckResult> checks = List.of();
    private List<PackView> enabled = List.of();
    private List<ControlResult> results = List.of();
    private List<WaiverView> active = List.of();
    private WaiverView granted;

    private String pack;
    private String control;
    private String schema;
    private String justification;
    private String ttl = "30d";

    @PostConstruct
    void load() {
        if (!isPermitted()) {
            return;
        }
        checks = checklist.run();
        reload();
    }

    private void reload() {
        enabled = orEmpty(messages.attempt("compliance.packs", "compliance", false, () -> packs.enabled(null)));
        results = orEmpty(messages.attempt("compliance.results", "compliance", false, () -> packs.results(null)));
        active = orEmpty(messages.attempt("compliance.waivers", "compliance", false, () -> waivers.list(false)));
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** Grants the waiver the form describes ({@link ComplianceWaivers#create}: checked, audited). */
    public void grant() {
        granted = messages.attempt("compliance.waiver.create", "compliance-waivers", true,
                () -> waivers.create(blankToNull(pack), blankToNull(control), blankToNull(schema),
                        blankToNull(justification), blankToNull(ttl), null));
        if (granted != null) {
            messages.info("Waiver " + granted.id() + " of " + granted.pack() + "/" + granted.control() + " on "
                    + granted.schema() + " granted until " + granted.expiresAt() + ".");
            pack = null;
            control = null;
            schema = null;
            justification = null;
            ttl = "30d";
            reload();
        }
    }

    public void revoke(String id) {
        WaiverView revoked = messages.attempt("compliance.waiver.revoke", "compliance-waiver/" + id, true,
                () -> waivers.revoke(id));
        if (revoked != null) {
            messages.info("Waiver " + id + " revoked.");
            reload();
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public boolean isPermitted() {
        return console.can(Verb.COMPLIANCE_READ);
    }

    public boolean isWaiving() {
        return console.can(Verb.COMPLIANCE_WAIVE);
    }

    public List<CheckResult> getChecks() {
        return checks;
    }

    public long count(String status) {
        return checks.stream().filter(c -> c.status().wire().equals(status)).count();
    }

    public List<PackView> getEnabled() {
        return enabled;
    }

    /** The packs' names, for the waiver form. */
    public List<String> getPackNames() {
        return new ArrayList<>(new TreeSet<>(enabled.stream().map(PackView::name).toList()));
    }

    public List<ControlResult> getResults() {
        return results;
    }

    /** Results per schema, in the order the facade returned them. */
    public Map<String, List<ControlResult>> getResultsBySchema() {
        Map<String, List<ControlResult>> out = new LinkedHashMap<>();
        results.forEach(r -> out.computeIfAbsent(r.schemaPath(), k -> new ArrayList<>()).add(r));
        return out;
    }

    public long resultCount(String status) {
        return results.stream().filter(r -> r.status().equals(status)).count();
    }

    public String join(List<String> items) {
        return String.join(", ", items);
    }

    /** The CSS class of a result's status. */
    public String statusClass(String status) {
        return switch (status) {
            case "pass", "PASS" -> "ok";
            case "fail", "FAIL" -> "bad";
            case "waived", "warn", "WARN" -> "warn";
            default -> "muted";
        };
    }

    public List<WaiverView> getActive() {
        return active;
    }

    public WaiverView getGranted() {
        return granted;
    }

    public int getMaxDays() {
        return ComplianceWaivers.MAX_DAYS;
    }

    public int getMinJustification() {
        return ComplianceWaivers.MIN_JUSTIFICATION;
    }

    public String getPack() {
        return pack;
    }

    public void setPack(String pack) {
        this.pack = pack;
    }

    public String getControl() {
        return control;
    }

    public void setControl(String control) {
        this.control = control;
    }

    public String getSchema() {
        return schema;
    }

    public void setSchema(String schema) {
        this.schema = schema;
    }

    public String getJustification() {
        return justification;
    }

    public void setJustification(String justification) {
        this.justification = justification;
    }

    public String getTtl() {
        return ttl;
    }

    public void setTtl(String ttl) {
        this.ttl = ttl;
    }
}
