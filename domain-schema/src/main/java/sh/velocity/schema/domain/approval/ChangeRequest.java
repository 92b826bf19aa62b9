package sh.velocity.schema.domain.approval;

import java.util.Objects;

/**
 * Who has taken which step of one proposed schema change, and where it stands. Immutable: each
 * step returns the next state or throws {@link ChainRefusal}. The rules are the whole of the chain:
 * a reviewer is never the author; an applier is neither the author nor the reviewer; a change is
 * reviewed once, while pending, and applied once, after approval. There is no other transition and
 * no override.
 */
public record ChangeRequest(String id, String schemaPath, ChangeStatus status, String author, String reviewer,
                            String applier) {

    public ChangeRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(schemaPath, "schemaPath");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(author, "author");
    }

    /** A new change, pending review. */
    public static ChangeRequest submitted(String id, String schemaPath, String author) {
        return new ChangeRequest(id, schemaPath, ChangeStatus.PENDING, author, null, null);
    }

    public ChangeRequest approve(String principal) {
        return review(principal, ChangeStatus.APPROVED);
    }

    public ChangeRequest reject(String principal) {
        return review(principal, ChangeStatus.REJECTED);
    }

    public ChangeRequest apply(String principal) {
        if (status != ChangeStatus.APPROVED) {
            throw new ChainRefusal(ChainRefusal.Rule.NOT_APPROVED, "Schema change " + id + " is " + status.wireName()
                    + "; only an approved change can be applied.");
        }
        if (Principals.same(principal, author)) {
            throw new ChainRefusal(ChainRefusal.Rule.SECOND_STEP_BY_ONE_PRINCIPAL, "You submitted schema change " + id
                    + "; it must be applied by a third principal, neither its author nor its reviewer.");
        }
        if (Principals.same(principal, reviewer)) {
            throw new ChainRefusal(ChainRefusal.Rule.SECOND_STEP_BY_ONE_PRINCIPAL, "You reviewed schema change " + id
                    + "; it must be applied by a third principal, neither its author nor its reviewer.");
        }
        return new ChangeRequest(id, schemaPath, ChangeStatus.APPLIED, author, reviewer, principal);
    }

    private ChangeRequest review(String principal, ChangeStatus decision) {
        if (status != ChangeStatus.PENDING) {
            throw new ChainRefusal(ChainRefusal.Rule.NOT_PENDING, "Schema change " + id + " is " + status.wireName()
                    + "; only a pending change can be approved or rejected.");
        }
        if (Principals.same(principal, author)) {
            throw new ChainRefusal(ChainRefusal.Rule.AUTHOR_REVIEWS, "You submitted schema change " + id
                    + "; another principal with schema.review must approve or reject it.");
        }
        return new ChangeRequest(id, schemaPath, decision, author, principal, null);
    }
}
