package sh.velocity.web.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.PhaseId;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import sh.velocity.kernel.SchemaPath;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.schema.api.AppliedSchema;
import sh.velocity.schema.api.ManifestReview;
import sh.velocity.schema.api.SchemaAdministration;
import sh.velocity.schema.api.SchemaChangeView;
import sh.velocity.schema.api.SchemaChanges;
import sh.velocity.schema.api.SchemaDetail;

/**
 * Applies a manifest as {@code POST /api/v1/schemas} does ({@link SchemaAdministration#apply}:
 * admission, authorization, breaking-change approval, audit), after a preview: what would change
 * against the applied version (fields added, removed and changed, rules, search), a warning for
 * every breaking change, and the reasons admission would refuse it ({@link ManifestReview}, which
 * reads nothing stored). The manifest text travels with the form; nothing is kept between posts.
 * A manifest for a protected namespace is refused with {@code APPROVAL_REQUIRED}; the page then
 * offers to submit it to the approval chain instead ({@link SchemaChanges#submit}).
 */
@Named("apply")
@RequestScoped
public class ApplyPage {

    @Inject
    SchemaAdministration schemas;

    @Inject
    ManifestReview review;

    @Inject
    SchemaChanges changes;

    @Inject
    ConsoleMessages messages;

    private String manifest;
    private Preview preview;
    private AppliedSchema applied;
    private SchemaChangeView submitted;
    private boolean approvalRequired;

    public void preview() {
        preview = messages.attempt("schema.preview", "schemas", false, this::review);
    }

    public void applyManifest() {
        preview = messages.attempt("schema.preview", "schemas", false, this::review);
        applied = messages.attempt("schema.apply", preview == null ? "schemas" : preview.path(), true, () -> {
            try {
                return schemas.apply(manifest);
            } catch (VelocityException e) {
                approvalRequired |= e.code() == ErrorCode.APPROVAL_REQUIRED;
                throw e;
            }
        });
        if (applied != null) {
            messages.info("Applied " + applied.schemaPath() + ": " + applied.outcome().name().toLowerCase(java.util.Locale.ROOT)
                    + ", generation " + applied.generation() + ".");
        }
    }

    /**
     * Submits the manifest to the approval chain ({@link SchemaChanges#submit}, as
     * {@code POST /schema-changes}): the way to change a schema in a protected namespace.
     */
    public void submitForApproval() {
        preview = messages.attempt("schema.preview", "schemas", false, this::review);
        submitted = messages.attempt("schema-change.submit", preview == null ? "schema-changes" : preview.path(), true,
                () -> changes.submit(manifest == null ? "" : manifest));
        if (submitted != null) {
            messages.info("Submitted for approval as schema change " + submitted.id()
                    + ": another principal reviews it, a third applies it.");
        }
    }

    /**
     * Whether the page offers "Submit for approval": when the preview or an apply found the namespace
     * protected. Outside the render phase always, since Faces runs only the actions of buttons that
     * are rendered when the post is decoded; the service decides whether the submission is allowed.
     */
    public boolean isSubmissionOffered() {
        if (FacesContext.getCurrentInstance().getCurrentPhaseId() != PhaseId.RENDER_RESPONSE) {
            return true;
        }
        return submitted == null && (approvalRequired || (preview != null && preview.approvalRequired()));
    }

    public SchemaChangeView getSubmitted() {
        return submitted;
    }

    private Preview review() {
        if (manifest == null || manifest.isBlank()) {
            throw new VelocityException(ErrorCode.INVALID_MANIFEST, "Paste a SchemaDefinition manifest (YAML or JSON).");
        }
        Map<String, Object> after = parse(manifest);
        String path = pathOf(after);
        String previous = null;
        Map<String, Object> before = Map.of();
        if (path != null) {
            try {
                SchemaDetail current = schemas.show(SchemaPath.parse(path));
                previous = current.manifest();
                before = parse(previous);
            } catch (VelocityException | IllegalArgumentException notApplied) {
                // a new schema (or one the caller may not read): everything is an addition
            }
        }
        List<String> refusals = review.review(manifest, previous);
        List<Change> changes = diff(before, after);
        return new Preview(path == null ? "(unknown path)" : path, previous == null, changes,
                changes.stream().anyMatch(Change::breaking), refusals);
    }

    /** Field, rule and search differences, each marked breaking when it loses or reinterprets data. */
    static List<Change> diff(Map<String, Object> before, Map<String, Object> after) {
        List<Change> out = new ArrayList<>();
        Map<String, Map<String, Object>> was = fields(before);
        Map<String, Map<String, Object>> now = fields(after);
        for (var e : now.entrySet()) {
            Map<String, Object> old = was.get(e.getKey());
            if (old == null) {
                out.add(new Change("+", "field " + e.getKey() + " " + describe(e.getValue()), false));
            } else if (!old.equals(e.getValue())) {
                boolean typeChanged = !Objects.equals(old.get("type"), e.getValue().get("type"));
                out.add(new Change("~", "field " + e.getKey() + ": " + describe(old) + " → " + describe(e.getValue()),
                        typeChanged));
            }
        }
        for (var e : was.entrySet()) {
            if (!now.containsKey(e.getKey())) {
                out.add(new Change("-", "field " + e.getKey() + " " + describe(e.getValue()), true));
            }
        }
        List<Object> rulesBefore = rules(before);
        List<Object> rulesAfter = rules(after);
        rulesAfter.stream().filter(r -> !rulesBefore.contains(r)).forEach(r -> out.add(new Change("+", "rule " + r, false)));
        rulesBefore.stream().filter(r -> !rulesAfter.contains(r)).forEach(r -> out.add(new Change("-", "rule " + r, false)));
        Object searchBefore = spec(before).get("search");
        Object searchAfter = spec(after).get("search");
        if (!before.isEmpty() && !Objects.equals(searchBefore, searchAfter)) {
            out.add(new Change("~", "search " + searchBefore + " → " + searchAfter, false));
        }
        return out;
    }

    /** The manifest read as the admission path reads it (its YAML limits and error messages). */
    @SuppressWarnings("unchecked")
    private Map<String, Object> parse(String text) {
        return (Map<String, Object>) schemas.manifestDocument(text);
    }

    private static String pathOf(Map<String, Object> m) {
        Map<String, Object> meta = map(m.get("metadata"));
        Map<String, Object> spec = spec(m);
        Object[] parts = {meta.get("namespace"), spec.get("domain"), spec.get("subdomain"), meta.get("name"),
                spec.get("version")};
        for (Object p : parts) {
            if (!(p instanceof String)) {
                return null;
            }
        }
        return String.join("/", (String) parts[0], (String) parts[1], (String) parts[2], (String) parts[3],
                (String) parts[4]);
    }

    private static Map<String, Map<String, Object>> fields(Map<String, Object> m) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        if (spec(m).get("fields") instanceof List<?> list) {
            for (Object f : list) {
                Map<String, Object> field = map(f);
                if (field.get("name") instanceof String name) {
                    Map<String, Object> rest = new LinkedHashMap<>(field);
                    rest.remove("name");
                    out.put(name, rest);
                }
            }
        }
        return out;
    }

    private static List<Object> rules(Map<String, Object> m) {
        List<Object> out = new ArrayList<>();
        if (map(spec(m).get("validation")).get("rules") instanceof List<?> list) {
            list.forEach(r -> out.add(map(r).get("rule")));
        }
        return out;
    }

    private static Map<String, Object> spec(Map<String, Object> m) {
        return map(m.get("spec"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String describe(Map<String, Object> field) {
        return new java.util.TreeMap<>(field).toString();
    }

    public String getManifest() {
        return manifest;
    }

    public void setManifest(String manifest) {
        this.manifest = manifest;
    }

    public Preview getPreview() {
        return preview;
    }

    public AppliedSchema getApplied() {
        return applied;
    }

    /** What applying would do. */
    public record Preview(String path, boolean newSchema, List<Change> changes, boolean breaking, List<String> refusals) {

        /** The namespace is protected: only the approval chain changes it. */
        public boolean approvalRequired() {
            return refusals.stream().anyMatch(r -> r.startsWith(ErrorCode.APPROVAL_REQUIRED.name()));
        }
    }

    /** One difference: {@code +}, {@code -} or {@code ~}, and whether it breaks existing data or clients. */
    public record Change(String kind, String text, boolean breaking) {
    }
}
