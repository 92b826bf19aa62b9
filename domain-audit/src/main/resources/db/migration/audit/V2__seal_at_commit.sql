-- The chain head is locked for the commit only, not for the whole business transaction
-- (docs/adr/0010-audit-chain-sealed-at-commit.md).
--
-- V1's audit_insert took the head with SELECT … FOR UPDATE when it was called and held it until
-- COMMIT, so every write to a schema waited behind everything its predecessor still did after its
-- audit call (the rest of the request, the round trips, the commit). Now a transaction queues its
-- events with audit_append, which only inserts them into audit_pending, and a deferred constraint
-- trigger links them into their chains while PostgreSQL commits: the head is locked from that
-- trigger to the end of the commit, inside the server, with no round trip to the application in
-- between. Atomicity is unchanged: the events commit with the transaction or not at all, a failure
-- to seal fails the commit, and sequence numbers stay gap-free in commit order.

-- Events waiting for their transaction's commit. UNLOGGED: a row never outlives its transaction
-- (the seal deletes it before the commit completes), so nothing in it needs to survive a crash.
-- Only the SECURITY DEFINER routines below touch it.
CREATE UNLOGGED TABLE platform.audit_pending (
    id         bigint GENERATED ALWAYS AS IDENTITY,
    chain      text  NOT NULL,
    actor      text  NOT NULL,
    operation  text  NOT NULL,
    resource   text  NOT NULL,
    result     text  NOT NULL CHECK (result IN ('success', 'denied', 'failure')),
    fail_mode  text,
    request_id text,
    source_ip  text,
    payload    jsonb NOT NULL
);
ALTER TABLE platform.audit_pending SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000);

-- Queues one event of the calling transaction. Same parameters and checks as audit_insert.
CREATE PROCEDURE platform.audit_append(
        p_chain text, p_actor text, p_operation text, p_resource text, p_result text,
        p_fail_mode text, p_request_id text, p_source_ip text, p_payload jsonb)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF p_chain IS NULL OR p_actor IS NULL OR p_operation IS NULL OR p_resource IS NULL OR p_result IS NULL THEN
        RAISE EXCEPTION 'audit event is missing chain, actor, operation, resource or result'
            USING ERRCODE = 'VA001';
    END IF;
    INSERT INTO platform.audit_pending (chain, actor, operation, resource, result, fail_mode,
                                        request_id, source_ip, payload)
        VALUES (p_chain, p_actor, p_operation, p_resource, p_result, p_fail_mode, p_request_id,
                p_source_ip, coalesce(p_payload, '{}'::jsonb));
END
$$;

-- Runs at COMMIT (deferred), once per queued row; the first run seals every event of the
-- transaction, later runs find nothing left. Rows of other transactions are invisible here: they
-- are never committed, because each transaction deletes its own before its commit completes.
CREATE FUNCTION platform.audit_seal_pending() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_chain text;
    e       record;
    v_seq   bigint;
    v_prev  text;
    v_hash  text;
    v_at    timestamptz;
BEGIN
    -- Heads are locked in chain order, so two transactions writing to the same chains cannot
    -- deadlock on them.
    FOR v_chain IN SELECT DISTINCT p.chain FROM platform.audit_pending p ORDER BY 1 LOOP
        PERFORM 1 FROM platform.audit_chain_heads WHERE chain = v_chain FOR UPDATE;
        IF NOT FOUND THEN
            INSERT INTO platform.audit_chain_heads (chain, seq, hash)
                VALUES (v_chain, 0, repeat('0', 64))
                ON CONFLICT (chain) DO NOTHING;
            PERFORM 1 FROM platform.audit_chain_heads WHERE chain = v_chain FOR UPDATE;
        END IF;
    END LOOP;
    FOR e IN WITH sealed AS (DELETE FROM platform.audit_pending RETURNING *)
             SELECT * FROM sealed ORDER BY id LOOP
        SELECT seq, hash INTO v_seq, v_prev FROM platform.audit_chain_heads WHERE chain = e.chain;
        v_seq := v_seq + 1;
        v_at := date_trunc('microseconds', clock_timestamp());
        v_hash := encode(sha256(decode(v_prev, 'hex') || convert_to(platform.audit_canonical(
            e.chain, v_seq, e.actor, e.operation, e.resource, e.result, e.fail_mode, e.request_id,
            e.source_ip, v_at, e.payload), 'UTF8')), 'hex');
        INSERT INTO platform.audit_log (chain, seq, actor, operation, resource, result, fail_mode,
                                        request_id, source_ip, created_at, payload, prev_hash, hash)
            VALUES (e.chain, v_seq, e.actor, e.operation, e.resource, e.result, e.fail_mode,
                    e.request_id, e.source_ip, v_at, e.payload, v_prev, v_hash);
        UPDATE platform.audit_chain_heads SET seq = v_seq, hash = v_hash WHERE chain = e.chain;
    END LOOP;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER audit_pending_seal AFTER INSERT ON platform.audit_pending
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION platform.audit_seal_pending();

-- Nothing on audit_pending or audit_seal_pending for velocity_api (platform V1 revoked EXECUTE from
-- PUBLIC by default); it may only queue events.
GRANT EXECUTE ON PROCEDURE platform.audit_append(text, text, text, text, text, text, text, text, jsonb)
    TO velocity_api;

-- The server appends through audit_append only. audit_insert stays, for the owner and superusers,
-- as the reference "naive" design the benchmarks compare against.
REVOKE EXECUTE ON PROCEDURE platform.audit_insert(text, text, text, text, text, text, text, text, jsonb)
    FROM velocity_api;
