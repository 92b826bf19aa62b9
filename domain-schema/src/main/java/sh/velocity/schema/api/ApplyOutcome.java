package sh.velocity.schema.api;

/** What applying a manifest did: 201, 200 or 204 on the wire. */
public enum ApplyOutcome {
    CREATED, CHANGED, UNCHANGED
}
