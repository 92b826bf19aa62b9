-- SIEM drains (issue 6): each drain (webhook, syslog) ships every chain's events in sequence order
-- and remembers, per chain, the last event its destination accepted. A row moves forward only after
-- that acceptance, in a transaction of its own, so a crash repeats a batch but never skips one.
--
-- seq, not audit_log.id: sequence numbers are gap-free and committed in order within a chain, while
-- ids of different chains commit out of order (a cursor on id could pass an id still uncommitted).
-- No foreign key to the chain heads: a drain's position outlives anything done to a chain.

CREATE TABLE platform.audit_drain_cursors (
    drain      text        NOT NULL CHECK (drain ~ '^[a-z][a-z0-9-]{0,62}$'),
    chain      text        NOT NULL,
    seq        bigint      NOT NULL CHECK (seq >= 0),
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (drain, chain)
);

-- The server reads and moves its cursors; it never deletes one. Resetting a drain (to ship a chain
-- again) is an operator's UPDATE or DELETE as the owner (docs/operations.md).
GRANT SELECT, INSERT, UPDATE ON platform.audit_drain_cursors TO velocity_api;
