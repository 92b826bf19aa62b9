package sh.velocity.compliance.api;

import java.util.List;

/** The hardening checklist, run against this deployment now. */
public interface ComplianceChecklist {

    /** Every check, in checklist order; a check that cannot run fails with the reason as evidence. */
    List<CheckResult> run();
}
