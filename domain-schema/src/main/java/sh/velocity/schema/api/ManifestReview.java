package sh.velocity.schema.api;

import java.util.List;

/**
 * Reviews a manifest the way apply would, without applying it and without reading any stored
 * state: parsing, admission, rule compilation and cost, and, given the previous version of the
 * same object, the breaking-change approval check. For admission webhooks and dry runs.
 */
public interface ManifestReview {

    /** Why the manifest would be refused; empty when it would be admitted. */
    List<String> review(String manifest, String previous);
}
