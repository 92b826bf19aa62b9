package sh.velocity.auth.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a principal may be called when a key or a binding names it: letters, digits and
 * {@code . _ : @ -}, up to 128 characters, and never a {@code system:} name, which belongs to the
 * platform's own work and is trusted by row-level security policies.
 */
public final class PrincipalName {

    public static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");
    public static final String SYSTEM_PREFIX = "system:";

    private PrincipalName() {
    }

    /** Why {@code name} may not be given to a key or binding; empty when it may. */
    public static Optional<String> problem(String name) {
        if (name == null || !FORMAT.matcher(name).matches()) {
            return Optional.of("must match " + FORMAT.pattern());
        }
        if (name.regionMatches(true, 0, SYSTEM_PREFIX, 0, SYSTEM_PREFIX.length())) {
            return Optional.of("'system:' names are reserved for the platform's own work");
        }
        return Optional.empty();
    }
}
