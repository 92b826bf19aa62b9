package sh.velocity.schema.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.FieldError;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.schema.api.ManifestReview;
import sh.velocity.schema.domain.ManifestParser;
import sh.velocity.schema.domain.SchemaDiff;
import sh.velocity.schema.domain.SchemaManifest;

/**
 * The same checks as apply: parsing, admission and rule cost as a pure function of the manifest (and
 * its previous version) and the server's configuration, then the apply policies (compliance packs),
 * which read the packs enabled for the manifest's namespace and its waivers. A manifest for a
 * namespace under the approval chain is denied too, since apply would refuse it
 * ({@code APPROVAL_REQUIRED}); it goes to the approval chain instead.
 */
@ApplicationScoped
public class DefaultManifestReview implements ManifestReview {

    private final ManifestParser parser = new ManifestParser();

    @Inject
    CelRecordRules rules;

    @Inject
    PolicyGate policies;

    @Inject
    ApprovalSettings approvals;

    @Override
    public List<String> review(String manifest, String previous) {
        SchemaManifest after;
        try {
            after = parser.parse(manifest);
            rules.admit(after);
        } catch (VelocityException e) {
            return messages(e);
        }
        if (approvals.protects(after.path().namespace())) {
            return List.of("APPROVAL_REQUIRED: " + ApprovalSettings.approvalRequired(after.path().namespace()));
        }
        List<String> denials = new ArrayList<>(policies.decide(after).violations().stream()
                .map(v -> ErrorCode.COMPLIANCE_VIOLATION.name() + ": " + v.describe()).toList());
        if (previous == null || previous.isBlank()) {
            return denials;
        }
        SchemaManifest before;
        try {
            before = parser.parse(previous);
        } catch (VelocityException e) {
            return denials;
        }
        if (!before.path().equals(after.path())) {
            return List.of("the schema path of an existing SchemaDefinition cannot change (" + before.path()
                    + " → " + after.path() + "); apply a new object instead");
        }
        SchemaDiff.between(before, after).unapprovedBreakingChanges().stream()
                .map(m -> "BREAKING_CHANGE_NOT_APPROVED: " + m).forEach(denials::add);
        return denials;
    }

    private static List<String> messages(VelocityException e) {
        if (e.errors().isEmpty()) {
            return List.of(e.detail());
        }
        return e.errors().stream().map(FieldError::message).toList();
    }
}
