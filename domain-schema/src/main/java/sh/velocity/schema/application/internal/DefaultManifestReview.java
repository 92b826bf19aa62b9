package sh.velocity.schema.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import sh.velocity.kernel.problem.FieldError;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.schema.api.ManifestReview;
import sh.velocity.schema.domain.ManifestParser;
import sh.velocity.schema.domain.SchemaDiff;
import sh.velocity.schema.domain.SchemaManifest;

/** The same checks as apply, as a pure function of the manifest (and its previous version). */
@ApplicationScoped
public class DefaultManifestReview implements ManifestReview {

    private final ManifestParser parser = new ManifestParser();

    @Inject
    CelRecordRules rules;

    @Override
    public List<String> review(String manifest, String previous) {
        SchemaManifest after;
        try {
            after = parser.parse(manifest);
            rules.admit(after);
        } catch (VelocityException e) {
            return messages(e);
        }
        if (previous == null || previous.isBlank()) {
            return List.of();
        }
        SchemaManifest before;
        try {
            before = parser.parse(previous);
        } catch (VelocityException e) {
            return List.of();
        }
        if (!before.path().equals(after.path())) {
            return List.of("the schema path of an existing SchemaDefinition cannot change (" + before.path()
                    + " → " + after.path() + "); apply a new object instead");
        }
        return SchemaDiff.between(before, after).unapprovedBreakingChanges().stream()
                .map(m -> "BREAKING_CHANGE_NOT_APPROVED: " + m).toList();
    }

    private static List<String> messages(VelocityException e) {
        if (e.errors().isEmpty()) {
            return List.of(e.detail());
        }
        return e.errors().stream().map(FieldError::message).toList();
    }
}
