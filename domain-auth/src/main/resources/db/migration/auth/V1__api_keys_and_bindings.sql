-- API keys (only their SHA-256 is stored), built-in roles, and RoleBindings: a principal holds a
-- role on a schema-path prefix. Default deny: without a binding, platform.has_permission is false.

CREATE TABLE platform.api_keys (
    id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    name         text        NOT NULL CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$'),
    principal    text        NOT NULL CHECK (principal ~ '^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$'),
    key_hash     text        NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
    key_hint     text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    created_by   text        NOT NULL,
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    last_used_at timestamptz,
    CHECK (expires_at > created_at)
);
CREATE INDEX api_keys_principal ON platform.api_keys (principal);

CREATE TABLE platform.roles (
    name        text   PRIMARY KEY,
    verbs       text[] NOT NULL,
    description text   NOT NULL
);
INSERT INTO platform.roles (name, verbs, description) VALUES
    ('platform-admin',
     ARRAY['read', 'create', 'update', 'delete', 'unmask', 'schema.read', 'schema.apply',
           'apikey.manage', 'rolebinding.manage', 'audit.read', 'audit.export', 'compliance.read'],
     'Everything, on the bound paths'),
    ('schema-admin', ARRAY['schema.read', 'schema.apply', 'read'], 'Applies schema definitions'),
    ('reviewer', ARRAY['schema.read', 'read'], 'Reviews schema changes'),
    ('writer', ARRAY['schema.read', 'read', 'create', 'update', 'delete'], 'Reads and writes records'),
    ('reader', ARRAY['schema.read', 'read'], 'Reads records (masked)'),
    ('auditor', ARRAY['schema.read', 'audit.read', 'audit.export', 'compliance.read'],
     'Reads and verifies the audit log');

CREATE TABLE platform.role_bindings (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    principal   text        NOT NULL CHECK (principal ~ '^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$'),
    role        text        NOT NULL REFERENCES platform.roles (name),
    path_prefix text        NOT NULL CHECK (path_prefix = '*'
        OR path_prefix ~ '^[a-z][a-z0-9-]{0,62}(/[a-z][a-z0-9-]{0,62}){0,3}(/v[1-9][0-9]{0,5})?$'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text        NOT NULL,
    CONSTRAINT role_bindings_unique UNIQUE (principal, role, path_prefix)
);
CREATE INDEX role_bindings_principal ON platform.role_bindings (principal);

-- True when the transaction's principal holds `verb` on `path` through any binding. STABLE and
-- called as (SELECT platform.has_permission(…)) in policies, so it runs once per statement.
-- SECURITY DEFINER so that it can read the bindings; it reveals nothing but a boolean.
CREATE FUNCTION platform.has_permission(p_path text, p_verb text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT EXISTS (
        SELECT 1
          FROM platform.role_bindings b
          JOIN platform.roles r ON r.name = b.role
         WHERE b.principal = platform.current_principal()
           AND p_verb = ANY (r.verbs)
           AND (b.path_prefix = '*' OR b.path_prefix = p_path OR starts_with(p_path, b.path_prefix || '/')))
$$;

-- Marks that the bootstrap admin key was issued, so that a restart (or a second replica) never
-- issues another one.
CREATE TABLE platform.bootstrap_state (
    singleton  boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    issued_at  timestamptz NOT NULL DEFAULT now()
);

GRANT SELECT, INSERT ON platform.api_keys TO velocity_api;
GRANT UPDATE (revoked_at, last_used_at) ON platform.api_keys TO velocity_api;
GRANT SELECT ON platform.roles TO velocity_api;
GRANT SELECT, INSERT, DELETE ON platform.role_bindings TO velocity_api;
GRANT SELECT, INSERT ON platform.bootstrap_state TO velocity_api;
GRANT EXECUTE ON FUNCTION platform.has_permission(text, text) TO velocity_api;
