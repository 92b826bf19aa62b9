package sh.velocity.schema.domain.approval;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The namespaces whose schema changes must go through the approval chain, as configured: a
 * comma- or space-separated list of namespaces, or {@code *} for every namespace. Configuration a
 * server cannot read protects everything: a typo must never switch protection off.
 */
public final class ProtectedNamespaces {

    private static final Pattern NAMESPACE = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final ProtectedNamespaces EVERY = new ProtectedNamespaces(true, Set.of(), null);

    private final boolean everything;
    private final Set<String> names;
    private final String problem;

    private ProtectedNamespaces(boolean everything, Set<String> names, String problem) {
        this.everything = everything;
        this.names = names;
        this.problem = problem;
    }

    /** Reads the setting; blank means none. An entry that is not a namespace or {@code *} protects every namespace. */
    public static ProtectedNamespaces parse(String setting) {
        if (setting == null || setting.isBlank()) {
            return new ProtectedNamespaces(false, Set.of(), null);
        }
        Set<String> names = new LinkedHashSet<>();
        for (String entry : setting.trim().split("[,\\s]+")) {
            if (entry.equals("*")) {
                return EVERY;
            }
            if (!NAMESPACE.matcher(entry).matches()) {
                return new ProtectedNamespaces(true, Set.of(), "'" + entry + "' is neither a namespace ("
                        + NAMESPACE.pattern() + ") nor '*'");
            }
            names.add(entry);
        }
        return new ProtectedNamespaces(false, Collections.unmodifiableSet(names), null);
    }

    public boolean covers(String namespace) {
        return everything || names.contains(namespace);
    }

    /** Why the setting could not be read (and everything is protected instead), if it could not. */
    public java.util.Optional<String> problem() {
        return java.util.Optional.ofNullable(problem);
    }

    /** What is protected, for logs and the audit trail: {@code *} or the names in order. */
    public String describe() {
        return everything ? "*" : String.join(",", names);
    }
}
