-- Field encryption at rest (issue 8): each organisation's data keys (DEKs), stored only wrapped by
-- the key-encryption key (KEK) the server holds outside the database, and the key rotations that
-- re-encrypt an organisation's phi, pci and secret values under a new data key version.
--
-- A key version is never deleted: a value names the version it was sealed under, and a restored
-- backup may hold values of any version. retired_at marks versions no value uses any more (set
-- when a rotation away from them completes).

CREATE TABLE platform.data_keys (
    namespace   text        NOT NULL CHECK (namespace ~ '^[a-z][a-z0-9-]{0,62}$'),
    version     integer     NOT NULL CHECK (version > 0),
    wrapped_key bytea       NOT NULL CHECK (octet_length(wrapped_key) BETWEEN 44 AND 1024),
    kek_id      text        NOT NULL CHECK (kek_id ~ '^[0-9a-z][0-9a-z:._-]{0,127}$'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text        NOT NULL,
    rewrapped_at timestamptz,
    retired_at  timestamptz,
    PRIMARY KEY (namespace, version)
);

CREATE TABLE platform.key_rotations (
    id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    namespace    text        NOT NULL CHECK (namespace ~ '^[a-z][a-z0-9-]{0,62}$'),
    key_version  integer     NOT NULL,
    state        text        NOT NULL CHECK (state IN ('running', 'done', 'failed')),
    total        bigint      NOT NULL DEFAULT 0 CHECK (total >= 0),
    done         bigint      NOT NULL DEFAULT 0 CHECK (done >= 0),
    error        text,
    requested_by text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    FOREIGN KEY (namespace, key_version) REFERENCES platform.data_keys (namespace, version)
);
-- One running rotation per organisation at a time.
CREATE UNIQUE INDEX key_rotations_running ON platform.key_rotations (namespace) WHERE state = 'running';
CREATE INDEX key_rotations_namespace ON platform.key_rotations (namespace, created_at DESC);

GRANT SELECT, INSERT ON platform.data_keys TO velocity_api;
GRANT UPDATE (wrapped_key, kek_id, rewrapped_at, retired_at) ON platform.data_keys TO velocity_api;
GRANT SELECT, INSERT ON platform.key_rotations TO velocity_api;
GRANT UPDATE (state, total, done, error, updated_at, finished_at) ON platform.key_rotations TO velocity_api;

-- encryption.manage: rotate organisations' data keys, re-wrap them under a new KEK, list key
-- metadata. Only platform-admin has it, and only a binding on '*' grants it.
UPDATE platform.roles SET verbs = verbs || ARRAY['encryption.manage'] WHERE name = 'platform-admin'
    AND NOT ('encryption.manage' = ANY (verbs));
