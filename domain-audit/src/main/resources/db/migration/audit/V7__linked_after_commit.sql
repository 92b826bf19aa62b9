-- Events are linked into their chains after their transaction commits, many at a time
-- (docs/adr/0017-audit-events-linked-after-commit.md).
--
-- Since V2 a deferred trigger sealed each transaction's events while it committed: the chain head
-- stayed locked from that trigger to the end of the commit, WAL flush included, so one chain took
-- one commit at a time (pgbench: 737 transactions/s on one chain, below the 848 of the naive design
-- that locks the head for the whole transaction). Now a transaction only queues its events in
-- audit_pending, which commits with it (durable, atomic with the record and outbox rows), and never
-- touches a chain head. platform.audit_link takes the queued events of committed transactions,
-- links them into their chains in one short transaction per batch (one head lock, one head update
-- and one WAL flush per chain per batch, whatever the number of events) and removes them from the
-- queue. The server calls it right after each commit that queued events, before it answers, and
-- from a timer for whatever another path queued; each server's calls batch what arrived meanwhile.

DROP TRIGGER audit_pending_seal ON platform.audit_pending;
DROP FUNCTION platform.audit_seal_pending();

-- Queued events now outlive their transaction until they are linked, so the queue is crash-safe.
ALTER TABLE platform.audit_pending SET LOGGED;
ALTER TABLE platform.audit_pending ADD CONSTRAINT audit_pending_pkey PRIMARY KEY (id);
ALTER TABLE platform.audit_pending ADD COLUMN queued_at timestamptz NOT NULL DEFAULT clock_timestamp();
ALTER TABLE platform.audit_pending SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);

-- Links up to p_limit queued events of committed transactions, oldest first, and returns how many.
-- Rows another linker holds are skipped (FOR UPDATE SKIP LOCKED), so several servers link side by
-- side; heads are locked in chain order, so two linkers cannot deadlock on them. Within a chain
-- events keep their queue order (a transaction's own events stay in the order it queued them), and
-- a chain's batch shares one created_at, the time of linking, so created_at never decreases along a
-- chain. Per chain and batch: one head lock and update, the canonical encodings in one statement
-- (the same bytes as platform.audit_canonical, written out here because that function and its
-- helpers pin search_path and so cannot be inlined: calling them per event cost most of the time),
-- the hashes one after the other, and one multi-row INSERT.
CREATE FUNCTION platform.audit_link(p_limit integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_ids    bigint[];
    v_chain  text;
    v_org    text;
    v_seq    bigint;
    v_first  text;
    v_prev   text;
    v_at     timestamptz;
    v_ts     text;
    v_month  date;
    v_chain_ids bigint[];
    v_canon  text[];
    v_hashes text[];
    i        integer;
BEGIN
    IF p_limit IS NULL OR p_limit < 1 THEN
        RAISE EXCEPTION 'audit_link needs a positive limit' USING ERRCODE = 'VA001';
    END IF;
    SELECT array_agg(c.id ORDER BY c.id) INTO v_ids
        FROM (SELECT p.id FROM platform.audit_pending p ORDER BY p.id LIMIT p_limit
              FOR UPDATE SKIP LOCKED) c;
    IF v_ids IS NULL THEN
        RETURN 0;
    END IF;
    v_month := date_trunc('month', clock_timestamp() AT TIME ZONE 'UTC')::date;
    FOR v_org IN SELECT DISTINCT platform.audit_org_of(p.chain) FROM platform.audit_pending p
                 WHERE p.id = ANY (v_ids) LOOP
        PERFORM platform.audit_ensure_partition(v_org, v_month);
        IF date_trunc('month', (clock_timestamp() + interval '1 minute') AT TIME ZONE 'UTC')::date <> v_month THEN
            PERFORM platform.audit_ensure_partition(v_org, (v_month + interval '1 month')::date);
        END IF;
    END LOOP;
    FOR v_chain IN SELECT DISTINCT p.chain FROM platform.audit_pending p WHERE p.id = ANY (v_ids) ORDER BY 1 LOOP
        INSERT INTO platform.audit_chain_heads (chain, seq, hash)
            VALUES (v_chain, 0, repeat('0', 64))
            ON CONFLICT (chain) DO NOTHING;
        SELECT h.seq, h.hash INTO v_seq, v_first FROM platform.audit_chain_heads h
            WHERE h.chain = v_chain FOR UPDATE;
        v_org := platform.audit_org_of(v_chain);
        v_at := date_trunc('microseconds', clock_timestamp());
        v_ts := to_char(v_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
        SELECT array_agg(q.id ORDER BY q.n), array_agg(q.canonical ORDER BY q.n) INTO v_chain_ids, v_canon
            FROM (SELECT p.id, row_number() OVER (ORDER BY p.id) AS n, p.chain, p.actor, p.operation, p.resource,
                         p.result, p.fail_mode, p.request_id, p.source_ip, p.payload
                  FROM platform.audit_pending p WHERE p.id = ANY (v_ids) AND p.chain = v_chain) r,
                 LATERAL (SELECT r.id, r.n, 'velocity-audit-v1;'
                     || octet_length(r.chain)::text || ':' || r.chain || ';'
                     || octet_length((v_seq + r.n)::text)::text || ':' || (v_seq + r.n)::text || ';'
                     || octet_length(r.actor)::text || ':' || r.actor || ';'
                     || octet_length(r.operation)::text || ':' || r.operation || ';'
                     || octet_length(r.resource)::text || ':' || r.resource || ';'
                     || octet_length(r.result)::text || ':' || r.result || ';'
                     || CASE WHEN r.fail_mode IS NULL THEN '-;'
                             ELSE octet_length(r.fail_mode)::text || ':' || r.fail_mode || ';' END
                     || CASE WHEN r.request_id IS NULL THEN '-;'
                             ELSE octet_length(r.request_id)::text || ':' || r.request_id || ';' END
                     || CASE WHEN r.source_ip IS NULL THEN '-;'
                             ELSE octet_length(r.source_ip)::text || ':' || r.source_ip || ';' END
                     || octet_length(v_ts)::text || ':' || v_ts || ';'
                     || octet_length(r.payload::text)::text || ':' || r.payload::text || ';' AS canonical) q;
        v_prev := v_first;
        v_hashes := '{}';
        FOR i IN 1 .. cardinality(v_canon) LOOP
            v_prev := encode(sha256(decode(v_prev, 'hex') || convert_to(v_canon[i], 'UTF8')), 'hex');
            v_hashes[i] := v_prev;
        END LOOP;
        INSERT INTO platform.audit_log (org, chain, seq, actor, operation, resource, result, fail_mode,
                                        request_id, source_ip, created_at, payload, prev_hash, hash)
            SELECT v_org, p.chain, v_seq + o.n, p.actor, p.operation, p.resource, p.result, p.fail_mode,
                   p.request_id, p.source_ip, v_at, p.payload,
                   CASE WHEN o.n = 1 THEN v_first ELSE v_hashes[o.n - 1] END, v_hashes[o.n]
            FROM unnest(v_chain_ids) WITH ORDINALITY AS o(id, n)
            JOIN platform.audit_pending p ON p.id = o.id
            ORDER BY o.n;
        UPDATE platform.audit_chain_heads SET seq = v_seq + cardinality(v_chain_ids), hash = v_prev
            WHERE chain = v_chain;
    END LOOP;
    DELETE FROM platform.audit_pending WHERE id = ANY (v_ids);
    RETURN cardinality(v_ids);
END
$$;

GRANT EXECUTE ON FUNCTION platform.audit_link(integer) TO velocity_api;

-- How many events wait to be linked, and since when: for the health check and the monitor.
CREATE FUNCTION platform.audit_pending_summary(OUT events bigint, OUT oldest timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT count(*), min(queued_at) FROM platform.audit_pending $$;

GRANT EXECUTE ON FUNCTION platform.audit_pending_summary() TO velocity_api;
