package sh.velocity.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.PhaseId;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Locale;
import java.util.Objects;
import sh.velocity.auth.api.Authorizer;
import sh.velocity.auth.api.Verb;
import sh.velocity.kernel.request.RequestContext;
import sh.velocity.schema.api.SchemaChangeView;
import sh.velocity.schema.api.SchemaChanges;

/**
 * One schema change ({@code ?id=}): its manifest, what it changes, who did which step when, and the
 * next step for a principal who may take it: approve or reject (with a reason) for a reviewer who is
 * not the author, apply for an admin who is neither. The steps are the same {@link SchemaChanges}
 * calls as {@code /schema-changes/{id}/approve|reject|apply}, so the server enforces the separation
 * of duties; the page only reflects it by showing the buttons to those it would let through.
 *
 * <p>Faces runs a button's action only if the button is rendered when the post is decoded. The
 * buttons are therefore hidden only while the page is drawn ({@link #offers}); a post that names a
 * button its sender was not shown still reaches the service, which refuses and audits it.
 */
@Named("change")
@RequestScoped
public class SchemaChangePage {

    @Inject
    SchemaChanges changes;

    @Inject
    Authorizer authorizer;

    @Inject
    RequestContext context;

    @Inject
    ConsoleMessages messages;

    private String id;
    private SchemaChangeView change;
    private String comment;
    private String reason;

    @PostConstruct
    void load() {
        id = FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap().get("id");
        if (id == null || id.isBlank()) {
            messages.error("Choose a schema change in the approval queue.");
            return;
        }
        change = messages.attempt("schema-change.read", "schema-change/" + id, false, () -> changes.show(id));
    }

    public void approve() {
        step("approve", () -> changes.approve(id, comment));
    }

    public void reject() {
        step("reject", () -> changes.reject(id, reason));
    }

    public void apply() {
        step("apply", () -> changes.apply(id));
    }

    private void step(String name, java.util.function.Supplier<SchemaChangeView> work) {
        if (change == null) {
            return;
        }
        SchemaChangeView done = messages.attempt("schema-change." + name, "schema-change/" + id, true, work);
        if (done != null) {
            messages.info("Schema change " + id + " is " + done.status() + ".");
            change = messages.attempt("schema-change.read", "schema-change/" + id, false, () -> changes.show(id));
        }
    }

    /**
     * Whether the page shows the button of {@code step} ({@code approve}, {@code reject} or
     * {@code apply}). Outside the render phase always true: see the class comment.
     */
    public boolean offers(String step) {
        if (FacesContext.getCurrentInstance().getCurrentPhaseId() != PhaseId.RENDER_RESPONSE) {
            return change != null;
        }
        return switch (step) {
            case "approve", "reject" -> isReviewable();
            case "apply" -> isApplicable();
            default -> false;
        };
    }

    /** Pending, not the principal's own, and the principal holds {@code schema.review} on its path. */
    public boolean isReviewable() {
        return change != null && "pending".equals(change.status()) && !isOwn(change.submittedBy())
                && authorizer.has(Verb.SCHEMA_REVIEW, change.schemaPath());
    }

    /** Approved, not stale, neither submitted nor reviewed by the principal, who holds {@code schema.apply}. */
    public boolean isApplicable() {
        return change != null && "approved".equals(change.status()) && !change.stale()
                && !isOwn(change.submittedBy()) && !isOwn(change.reviewedBy())
                && authorizer.has(Verb.SCHEMA_APPLY, change.schemaPath());
    }

    /** Why the principal sees no step on this change, or "" when it may take one or none remains. */
    public String getNoStepReason() {
        if (change == null || "rejected".equals(change.status()) || "applied".equals(change.status())) {
            return "";
        }
        if (isReviewable() || isApplicable()) {
            return "";
        }
        if ("pending".equals(change.status())) {
            return isOwn(change.submittedBy()) ? "You submitted this change: another principal reviews it."
                    : "Reviewing needs schema.review on " + change.schemaPath() + ".";
        }
        if (change.stale()) {
            return "The schema moved on since this change was submitted: submit the manifest again.";
        }
        if (isOwn(change.submittedBy()) || isOwn(change.reviewedBy())) {
            return "You " + (isOwn(change.submittedBy()) ? "submitted" : "reviewed")
                    + " this change: a third principal applies it.";
        }
        return "Applying needs schema.apply on " + change.schemaPath() + ".";
    }

    private boolean isOwn(String principal) {
        return principal != null && Objects.equals(context.principal().orElse(null), principal);
    }

    public String getId() {
        return id == null ? "" : id;
    }

    public SchemaChangeView getChange() {
        return change;
    }

    public String getStatusClass() {
        if (change == null) {
            return "";
        }
        return switch (change.status().toLowerCase(Locale.ROOT)) {
            case "applied" -> "ok";
            case "rejected" -> "bad";
            default -> "warn";
        };
    }

    public String getComment() {
        return comment;
    }

    public void setComment(String comment) {
        this.comment = comment;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }
}
