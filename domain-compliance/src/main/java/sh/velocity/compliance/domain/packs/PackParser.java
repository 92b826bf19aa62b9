package sh.velocity.compliance.domain.packs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.Set;
import java.util.regex.Pattern;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.FieldError;
import sh.velocity.kernel.problem.VelocityException;

/**
 * Turns CompliancePack text (YAML or JSON) into an admitted {@link CompliancePack}: the same safe
 * loading as SchemaDefinitions (SafeConstructor, size, alias and nesting limits, no duplicate keys),
 * unknown keys refused, names and ids checked, every {@code when} and {@code rule} compiled by
 * {@link ControlRules}. All problems are reported at once as {@code INVALID_MANIFEST}, each located
 * by its manifest path ({@code spec.controls[2].rule: CEL syntax error: …}).
 */
public final class PackParser {

    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    public static final Pattern CONTROL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final int MAX_CHARS = 1_000_000;
    public static final int MAX_CONTROLS = 200;
    public static final int MAX_TEXT = 1024;
    public static final int MAX_DESCRIPTION = 4096;

    private static final List<String> TOP = List.of("apiVersion", "kind", "metadata", "spec");
    private static final List<String> METADATA = List.of("name", "namespace", "annotations");
    private static final List<String> SPEC = List.of("builtin", "title", "description", "controls");
    private static final List<String> CONTROL = List.of("id", "title", "severity", "scope", "when", "rule", "message");

    private final ControlRules rules;

    private final Function<String, Map<?, ?>> loader;

    /**
     * @param loader reads a manifest's text into maps, lists and scalars with the admission path's
     *     YAML limits, refusing with {@code INVALID_MANIFEST} ({@code SchemaAdministration#manifestDocument})
     */
    public PackParser(ControlRules rules, Function<String, Map<?, ?>> loader) {
        this.rules = rules;
        this.loader = loader;
    }

    /**
     * Parses an organisation's pack: {@code metadata.namespace} is required, and {@code spec.builtin},
     * when given, must name one of {@code shipped}; without it at least one control is required.
     */
    public CompliancePack parse(String text, Map<String, CompliancePack> shipped) {
        return read(text, shipped, true);
    }

    /** Parses a pack shipped with the server: no namespace, no builtin. */
    public CompliancePack parseShipped(String text) {
        return read(text, Map.of(), false);
    }

    private CompliancePack read(String text, Map<String, CompliancePack> shipped, boolean organisation) {
        List<FieldError> errors = new ArrayList<>();
        Map<?, ?> root = loader.apply(text);
        Map<?, ?> metadata = mapping(root, "metadata", "metadata", errors, true);
        Map<?, ?> spec = mapping(root, "spec", "spec", errors, true);
        unknown(root, TOP, "", errors);
        if (!CompliancePack.API_VERSION.equals(root.get("apiVersion"))) {
            errors.add(new FieldError("apiVersion", "apiVersion must be " + CompliancePack.API_VERSION));
        }
        if (!CompliancePack.KIND.equals(root.get("kind"))) {
            errors.add(new FieldError("kind", "kind must be " + CompliancePack.KIND));
        }
        unknown(metadata, METADATA, "metadata", errors);
        unknown(spec, SPEC, "spec", errors);
        String name = text(metadata, "name", "metadata", errors, true, 63);
        if (name != null && !NAME.matcher(name).matches()) {
            errors.add(new FieldError("metadata.name", "metadata.name must match [a-z][a-z0-9-]{0,62}"));
        }
        String namespace = text(metadata, "namespace", "metadata", errors, organisation, 63);
        if (!organisation && namespace != null) {
            errors.add(new FieldError("metadata.namespace", "a shipped pack has no namespace"));
        } else if (namespace != null && !NAME.matcher(namespace).matches()) {
            errors.add(new FieldError("metadata.namespace", "metadata.namespace must match [a-z][a-z0-9-]{0,62}"));
        }
        String builtin = text(spec, "builtin", "spec", errors, false, 63);
        CompliancePack base = null;
        if (builtin != null) {
            base = shipped.get(builtin);
            if (!organisation || base == null) {
                errors.add(new FieldError("spec.builtin", "spec.builtin: no shipped pack named '" + clip(builtin)
                        + "'; shipped: " + String.join(", ", shipped.keySet().stream().sorted().toList())));
            }
        }
        String title = text(spec, "title", "spec", errors, false, MAX_TEXT);
        String description = text(spec, "description", "spec", errors, false, MAX_DESCRIPTION);
        List<Control> controls = controls(spec, errors);
        if (controls.isEmpty() && builtin == null && !errors.stream().anyMatch(e -> e.field().startsWith("spec.controls"))) {
            errors.add(new FieldError("spec.controls", "spec.controls: at least one control is required (or "
                    + "spec.builtin to enable a shipped pack)"));
        }
        Set<String> ids = new HashSet<>();
        if (base != null) {
            base.controls().forEach(c -> ids.add(c.id()));
        }
        for (int i = 0; i < controls.size(); i++) {
            if (!ids.add(controls.get(i).id())) {
                errors.add(new FieldError("spec.controls[" + i + "].id", "spec.controls[" + i + "].id: '"
                        + controls.get(i).id() + "' is already a control of this pack"));
            }
        }
        if (!errors.isEmpty()) {
            throw rejection(errors);
        }
        return new CompliancePack(namespace, name, builtin, title, description, controls);
    }

    private List<Control> controls(Map<?, ?> spec, List<FieldError> errors) {
        Object node = spec == null ? null : spec.get("controls");
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof List<?> items)) {
            errors.add(new FieldError("spec.controls", "spec.controls must be a list"));
            return List.of();
        }
        if (items.size() > MAX_CONTROLS) {
            errors.add(new FieldError("spec.controls", "spec.controls: at most " + MAX_CONTROLS + " controls"));
            return List.of();
        }
        List<Control> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = "spec.controls[" + i + "]";
            if (!(items.get(i) instanceof Map<?, ?> c)) {
                errors.add(new FieldError(at, at + " must be a mapping"));
                continue;
            }
            int before = errors.size();
            unknown(c, CONTROL, at, errors);
            String id = text(c, "id", at, errors, true, 64);
            if (id != null && !CONTROL_ID.matcher(id).matches()) {
                errors.add(new FieldError(at + ".id", at + ".id must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}"));
            }
            String title = text(c, "title", at, errors, true, MAX_TEXT);
            String message = text(c, "message", at, errors, true, MAX_TEXT);
            String severityName = text(c, "severity", at, errors, false, 16);
            Severity severity = severityName == null ? Severity.MEDIUM
                    : Severity.fromManifestName(severityName).orElse(null);
            if (severity == null) {
                errors.add(new FieldError(at + ".severity", at + ".severity must be one of low, medium, high, critical"));
            }
            String scopeName = text(c, "scope", at, errors, false, 16);
            ControlScope scope = scopeName == null ? ControlScope.SCHEMA
                    : ControlScope.fromManifestName(scopeName).orElse(null);
            if (scope == null) {
                errors.add(new FieldError(at + ".scope", at + ".scope must be schema or field"));
            }
            String when = text(c, "when", at, errors, false, ControlRules.MAX_RULE_CHARS);
            String rule = text(c, "rule", at, errors, true, ControlRules.MAX_RULE_CHARS);
            if (scope != null) {
                compile(when, scope, at + ".when", errors);
                compile(rule, scope, at + ".rule", errors);
            }
            if (errors.size() == before) {
                out.add(new Control(id, title, severity, scope, when, rule, message));
            }
        }
        return out;
    }

    private void compile(String expression, ControlScope scope, String at, List<FieldError> errors) {
        if (expression == null) {
            return;
        }
        try {
            rules.compile(expression, scope);
        } catch (ControlRules.Refused e) {
            errors.add(new FieldError(at, at + ": " + e.getMessage()));
        }
    }

    private static Map<?, ?> mapping(Map<?, ?> parent, String key, String at, List<FieldError> errors,
            boolean required) {
        Object node = parent == null ? null : parent.get(key);
        if (node == null) {
            if (required) {
                errors.add(new FieldError(at, at + " is required"));
            }
            return null;
        }
        if (node instanceof Map<?, ?> m) {
            return m;
        }
        errors.add(new FieldError(at, at + " must be a mapping"));
        return null;
    }

    private static String text(Map<?, ?> parent, String key, String path, List<FieldError> errors, boolean required,
            int max) {
        String at = path + "." + key;
        Object value = parent == null ? null : parent.get(key);
        if (value == null) {
            if (required && parent != null) {
                errors.add(new FieldError(at, at + " is required"));
            }
            return null;
        }
        if (!(value instanceof String s)) {
            errors.add(new FieldError(at, at + " must be text"));
            return null;
        }
        if (s.isBlank() || s.length() > max || s.chars().anyMatch(ch -> ch < 0x20 && ch != '\n' && ch != '\t')) {
            errors.add(new FieldError(at, at + " must be 1 to " + max + " printable characters"));
            return null;
        }
        return s;
    }

    private static void unknown(Map<?, ?> node, List<String> allowed, String path, List<FieldError> errors) {
        if (node == null) {
            return;
        }
        for (Object key : node.keySet()) {
            if (!(key instanceof String k) || !allowed.contains(k)) {
                String shown = clip(String.valueOf(key));
                errors.add(new FieldError(path.isEmpty() ? shown : path + "." + shown, (path.isEmpty() ? "" : path + ": ")
                        + "unknown key '" + shown + "'; expected one of " + String.join(", ", allowed)));
            }
        }
    }

    private static String clip(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 64 ? clean : clean.substring(0, 61) + "...";
    }

    private static VelocityException rejection(List<FieldError> errors) {
        List<FieldError> listed = errors.size() > 50 ? errors.subList(0, 50) : errors;
        return new VelocityException(ErrorCode.INVALID_MANIFEST, "The CompliancePack was rejected: "
                + String.join("; ", listed.stream().limit(5).map(FieldError::message).toList())
                + (listed.size() > 5 ? "; and " + (listed.size() - 5) + " more" : ""), listed);
    }
}
