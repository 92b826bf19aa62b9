-- The append-only, hash-chained audit log (CONTRACT.md §3).
--
-- Each event belongs to a chain (a schema path, or 'platform') and has a gap-free sequence number
-- inside it. hash = SHA-256(prev_hash ‖ canonical(event)); the canonical encoding is defined once,
-- in platform.audit_canonical, and re-implemented by the verifier (docs/audit-format.md).

CREATE TABLE platform.audit_log (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    chain      text        NOT NULL,
    seq        bigint      NOT NULL CHECK (seq > 0),
    actor      text        NOT NULL,
    operation  text        NOT NULL,
    resource   text        NOT NULL,
    result     text        NOT NULL CHECK (result IN ('success', 'denied', 'failure')),
    fail_mode  text,
    request_id text,
    source_ip  text,
    created_at timestamptz NOT NULL,
    payload    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    prev_hash  text        NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
    hash       text        NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
    CONSTRAINT audit_log_chain_seq UNIQUE (chain, seq)
);
CREATE INDEX audit_log_fail_mode ON platform.audit_log (created_at) WHERE fail_mode IS NOT NULL;

-- The head of each chain: last sequence number and hash. Only audit_insert touches it.
CREATE TABLE platform.audit_chain_heads (
    chain text   PRIMARY KEY,
    seq   bigint NOT NULL,
    hash  text   NOT NULL
);

-- One length-prefixed field: '<octets>:<value>;' or '-;' for NULL, so no two events share an
-- encoding whatever their contents.
CREATE FUNCTION platform.audit_field(v text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT CASE WHEN v IS NULL THEN '-;' ELSE octet_length(v)::text || ':' || v || ';' END $$;

CREATE FUNCTION platform.audit_timestamp(ts timestamptz) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') $$;

CREATE FUNCTION platform.audit_canonical(
        p_chain text, p_seq bigint, p_actor text, p_operation text, p_resource text, p_result text,
        p_fail_mode text, p_request_id text, p_source_ip text, p_created_at timestamptz, p_payload jsonb)
    RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT 'velocity-audit-v1;'
        || platform.audit_field(p_chain)
        || platform.audit_field(p_seq::text)
        || platform.audit_field(p_actor)
        || platform.audit_field(p_operation)
        || platform.audit_field(p_resource)
        || platform.audit_field(p_result)
        || platform.audit_field(p_fail_mode)
        || platform.audit_field(p_request_id)
        || platform.audit_field(p_source_ip)
        || platform.audit_field(platform.audit_timestamp(p_created_at))
        || platform.audit_field(p_payload::text)
$$;

-- Appends one event to its chain. SECURITY DEFINER: velocity_api may call it but cannot touch the
-- chain heads itself. The head row stays locked until the calling transaction ends, which orders
-- the chain by commit; a rolled-back business transaction takes its event with it.
CREATE PROCEDURE platform.audit_insert(
        p_chain text, p_actor text, p_operation text, p_resource text, p_result text,
        p_fail_mode text, p_request_id text, p_source_ip text, p_payload jsonb)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_seq  bigint;
    v_prev text;
    v_hash text;
    v_at   timestamptz := date_trunc('microseconds', clock_timestamp());
    v_body jsonb := coalesce(p_payload, '{}'::jsonb);
BEGIN
    IF p_chain IS NULL OR p_actor IS NULL OR p_operation IS NULL OR p_resource IS NULL OR p_result IS NULL THEN
        RAISE EXCEPTION 'audit event is missing chain, actor, operation, resource or result'
            USING ERRCODE = 'VA001';
    END IF;
    INSERT INTO platform.audit_chain_heads (chain, seq, hash)
        VALUES (p_chain, 0, repeat('0', 64))
        ON CONFLICT (chain) DO NOTHING;
    SELECT seq, hash INTO v_seq, v_prev
        FROM platform.audit_chain_heads WHERE chain = p_chain FOR UPDATE;
    v_seq := v_seq + 1;
    v_hash := encode(sha256(decode(v_prev, 'hex') || convert_to(platform.audit_canonical(
        p_chain, v_seq, p_actor, p_operation, p_resource, p_result, p_fail_mode, p_request_id,
        p_source_ip, v_at, v_body), 'UTF8')), 'hex');
    INSERT INTO platform.audit_log (chain, seq, actor, operation, resource, result, fail_mode,
                                    request_id, source_ip, created_at, payload, prev_hash, hash)
        VALUES (p_chain, v_seq, p_actor, p_operation, p_resource, p_result, p_fail_mode,
                p_request_id, p_source_ip, v_at, v_body, v_prev, v_hash);
    UPDATE platform.audit_chain_heads SET seq = v_seq, hash = v_hash WHERE chain = p_chain;
END
$$;

-- Append-only for every role, the owner included: UPDATE, DELETE and TRUNCATE are refused.
CREATE FUNCTION platform.audit_log_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION 'platform.audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON platform.audit_log
    FOR EACH ROW EXECUTE FUNCTION platform.audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON platform.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION platform.audit_log_refuse_change();

GRANT SELECT, INSERT ON platform.audit_log TO velocity_api;
-- Read-only, so verification can notice deleted newest events.
GRANT SELECT ON platform.audit_chain_heads TO velocity_api;
GRANT EXECUTE ON PROCEDURE platform.audit_insert(text, text, text, text, text, text, text, text, jsonb)
    TO velocity_api;
-- The verifier renders timestamps exactly as the chain hashed them.
GRANT EXECUTE ON FUNCTION platform.audit_timestamp(timestamptz) TO velocity_api;
