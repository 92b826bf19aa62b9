-- Idempotency keys (IETF draft "The Idempotency-Key HTTP Header Field"), scoped per principal.
-- A key is claimed (in_progress) in its own committed transaction before the write runs; the
-- write's own transaction marks it completed together with the response to replay, so a write
-- and its key commit or roll back together. A claim whose request died is taken over once
-- locked_until has passed; keys are deleted after expires_at by a timer.
CREATE TABLE platform.idempotency_keys (
    principal        text        NOT NULL,
    idempotency_key  text        NOT NULL CHECK (idempotency_key ~ '^[\x21-\x7e]{1,255}$'),
    request_hash     text        NOT NULL CHECK (request_hash ~ '^[0-9a-f]{64}$'),
    state            text        NOT NULL CHECK (state IN ('in_progress', 'completed')),
    response_status  integer,
    response_body    text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    locked_until     timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    PRIMARY KEY (principal, idempotency_key)
);
CREATE INDEX idempotency_keys_expiry ON platform.idempotency_keys (expires_at);

GRANT SELECT, INSERT, UPDATE, DELETE ON platform.idempotency_keys TO velocity_api;
