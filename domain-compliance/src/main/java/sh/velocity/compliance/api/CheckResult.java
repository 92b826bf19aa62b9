package sh.velocity.compliance.api;

import java.util.Objects;

/**
 * One check of the hardening checklist: its stable {@code id}, the checklist item it proves
 * ({@code item} 1–19 of the hardening guide's checklist, 0 for the other seeds' controls), its
 * verdict, and the evidence (what was looked at or run, and what was seen) and how to verify it
 * by hand. Evidence never contains a secret or a record's value.
 */
public record CheckResult(String id, int item, String title, CheckStatus status, String evidence, String verify) {

    public CheckResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(status, "status");
        evidence = evidence == null ? "" : evidence;
        verify = verify == null ? "" : verify;
    }
}
