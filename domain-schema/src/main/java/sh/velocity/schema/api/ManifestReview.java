package sh.velocity.schema.api;

import java.util.List;

/**
 * Reviews a manifest the way apply would, without applying it: parsing, admission, rule compilation
 * and cost, the apply policies (compliance packs enabled for its namespace, and their waivers, are
 * the only stored state it reads), and, given the previous version of the same object, the
 * breaking-change approval check. For admission webhooks and dry runs.
 */
public interface ManifestReview {

    /** Why the manifest would be refused; empty when it would be admitted. */
    List<String> review(String manifest, String previous);
}
