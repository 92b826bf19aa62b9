-- Signed checkpoints (issue 6): a timer seals each chain into an RFC 9162 Merkle tree over its
-- events' hashes (event 1 is leaf 0) and signs the tree head with Ed25519. A checkpoint pins the
-- chain's length and content as of its signing, so deleting the newest events and rewriting the
-- chain head (which a database superuser can do) no longer goes unnoticed: the chain is shorter than
-- a signed checkpoint, or its first tree_size events no longer hash to the signed root.
--
-- frontier holds the roots of the perfect subtrees that make up the tree (at most 64, largest
-- first), so the next checkpoint hashes only the events that came since; it is not signed and a
-- verifier never trusts it (verification recomputes the root from the events).

CREATE TABLE platform.audit_checkpoints (
    chain      text        NOT NULL,
    tree_size  bigint      NOT NULL CHECK (tree_size > 0),
    root_hash  text        NOT NULL CHECK (root_hash ~ '^[0-9a-f]{64}$'),
    signed_at  timestamptz NOT NULL,
    key_id     text        NOT NULL CHECK (key_id ~ '^[0-9a-f]{16}$'),
    signature  text        NOT NULL,
    frontier   text[]      NOT NULL,
    PRIMARY KEY (chain, tree_size)
);

-- Append-only, like the log itself.
CREATE FUNCTION platform.audit_checkpoints_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION 'platform.audit_checkpoints is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE OR DELETE ON platform.audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION platform.audit_checkpoints_refuse_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON platform.audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION platform.audit_checkpoints_refuse_change();

GRANT SELECT, INSERT ON platform.audit_checkpoints TO velocity_api;
