-- Users of the console and the CLI, and the refresh tokens of their sessions (issue 5).
--
-- A user's principal is 'user:<username>': role bindings name it like any other principal. The
-- password is stored as an Argon2id PHC string; the TOTP secret encrypted (AES-256-GCM under the
-- server's secrets key, the username as associated data), never in clear.

CREATE TABLE platform.users (
    username            text        PRIMARY KEY CHECK (username ~ '^[a-z][a-z0-9._-]{2,62}$'),
    password_hash       text        NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    totp_secret         bytea,
    totp_last_step      bigint      NOT NULL DEFAULT 0,
    created_at          timestamptz NOT NULL DEFAULT now(),
    created_by          text        NOT NULL,
    password_changed_at timestamptz NOT NULL DEFAULT now(),
    disabled_at         timestamptz
);

-- One row per refresh token ever issued; only its SHA-256 is kept. Tokens of one login form a
-- family: each refresh marks its token used and issues the next; presenting a used token again
-- revokes the whole family (the token was stolen, or the client is confused: either way, stop).
CREATE TABLE platform.refresh_tokens (
    id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    family_id  uuid        NOT NULL,
    username   text        NOT NULL REFERENCES platform.users (username),
    token_hash text        NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    issued_at  timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    revoked_at timestamptz,
    CHECK (expires_at > issued_at)
);
CREATE INDEX refresh_tokens_family ON platform.refresh_tokens (family_id);
CREATE INDEX refresh_tokens_expired ON platform.refresh_tokens (expires_at);

GRANT SELECT, INSERT ON platform.users TO velocity_api;
GRANT UPDATE (password_hash, totp_secret, totp_last_step, password_changed_at, disabled_at)
    ON platform.users TO velocity_api;
GRANT SELECT, INSERT ON platform.refresh_tokens TO velocity_api;
GRANT UPDATE (used_at, revoked_at) ON platform.refresh_tokens TO velocity_api;

-- Rotating an API key brings the old key's expiry forward to the end of the overlap.
GRANT UPDATE (expires_at) ON platform.api_keys TO velocity_api;

-- Managing users is a permission of its own, held by platform-admin.
UPDATE platform.roles SET verbs = verbs || ARRAY['user.manage'] WHERE name = 'platform-admin'
    AND NOT ('user.manage' = ANY (verbs));
