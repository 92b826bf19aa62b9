-- What the approval chain protected when a server last started (issue 8). Protection is server
-- configuration (velocity.approvals.protected-namespaces), so no API call can change it; a change
-- is seen when a server starts with another setting than the one recorded here. The server then
-- updates this row and appends `schema-change.protection` ({before, after}) to the platform chain
-- in the same transaction: the audit log says when protection was widened or narrowed, and by the
-- deployment of which server.
CREATE TABLE platform.approval_protection (
    singleton   boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    namespaces  text        NOT NULL CHECK (length(namespaces) <= 4096),
    recorded_at timestamptz NOT NULL DEFAULT now(),
    recorded_by text        NOT NULL
);

GRANT SELECT, INSERT ON platform.approval_protection TO velocity_api;
GRANT UPDATE (namespaces, recorded_at, recorded_by) ON platform.approval_protection TO velocity_api;
