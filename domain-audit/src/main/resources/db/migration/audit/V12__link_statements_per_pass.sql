-- A link pass makes the same statements whatever the number of chains it links.
--
-- audit_link (V7, V9-V11) created, locked and read each chain of a pass with statements of its own:
-- a head INSERT ... ON CONFLICT, a head SELECT ... FOR UPDATE and a canonical SELECT with two
-- ordered aggregates, besides the pass's own seven. Each nested statement costs its executor start
-- and end and a plan-cache check on top of its work, which pg_stat_statements does not count
-- (perf on the backend of a pgbench run queuing four events on four chains and linking them:
-- executor start-up alone was 17 % of its time). Under 16 HTTP writers on ten chains a pass found
-- about four events on about four chains (docs/benchmarks.md, session 13), so the per-chain
-- statements were most of its cost and the ten-chain throughput was the goal still missed.
--
-- Now, per pass: the queue claim; one statement for the pass's chains and organisations; the
-- partition check per organisation (as before); one INSERT ... ON CONFLICT DO NOTHING creating any
-- missing heads; one SELECT ... FOR UPDATE locking every head in chain order (the order V7 locked
-- them in, one by one); one query over the claimed events in (chain, id) order that a loop hashes;
-- then, as in V11, one audit_log INSERT, one head UPDATE and the queue DELETE. Same locks taken in
-- the same order, same bytes hashed: the canonical encoding is that of platform.audit_canonical,
-- built as a chain-and-sequence prefix and the rest of the event. One difference: every chain of a
-- pass now shares one created_at, taken after the heads are locked (V11 took one per chain, after
-- that chain's lock), so a chain's timestamps still only grow.
--
-- Measured with pgbench, one client, events queued and linked in a transaction that is rolled back,
-- audit tables vacuumed before each 5-second run, three or six runs each (docs/benchmarks.md, session 13):
-- ten chains with one event each 4.16-5.01 ms per transaction before, 2.93-3.20 ms after (the
-- queuing alone 1.26-1.41 ms); four chains with one event each 1.62-2.29 ms before, 1.64-1.84 ms
-- after; one chain with four events 1.40-1.85 ms before, 1.27-1.58 ms after; one chain with ten
-- events 3.09-3.36 ms before, 2.80-3.31 ms after.
--
-- CREATE OR REPLACE replaces the function's settings too, so V10's are given again here.

CREATE OR REPLACE FUNCTION platform.audit_link(p_limit integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_generic_plan
    SET enable_seqscan = off
AS $$
DECLARE
    v_ids    bigint[];
    v_chains text[];
    v_orgs   text[];
    v_org    text;
    v_at     timestamptz;
    v_ts     text;
    v_month  date;
    e        record;
    h        record;
    v_chain  text;
    v_seq    bigint;
    v_prev   text;
    n_rows   integer := 0;
    n_chains integer := 0;
    a_ids    bigint[] := '{}';
    a_org    text[] := '{}';
    a_seq    bigint[] := '{}';
    a_prev   text[] := '{}';
    a_hash   text[] := '{}';
    h_chain  text[] := '{}';
    h_seq    bigint[] := '{}';
    h_hash   text[] := '{}';
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
    SELECT array_agg(c.chain ORDER BY c.chain), array_agg(DISTINCT platform.audit_org_of(c.chain))
        INTO v_chains, v_orgs
        FROM (SELECT DISTINCT p.chain FROM platform.audit_pending p WHERE p.id = ANY (v_ids)) c;
    v_month := date_trunc('month', clock_timestamp() AT TIME ZONE 'UTC')::date;
    FOREACH v_org IN ARRAY v_orgs LOOP
        IF NOT EXISTS (SELECT 1 FROM platform.audit_partitions a WHERE a.org = v_org AND a.month = v_month) THEN
            PERFORM platform.audit_ensure_partition(v_org, v_month);
        END IF;
        IF date_trunc('month', (clock_timestamp() + interval '1 minute') AT TIME ZONE 'UTC')::date <> v_month THEN
            PERFORM platform.audit_ensure_partition(v_org, (v_month + interval '1 month')::date);
        END IF;
    END LOOP;
    -- every head of the pass, created if missing, then locked in chain order
    INSERT INTO platform.audit_chain_heads (chain, seq, hash)
        SELECT c.chain, 0, repeat('0', 64) FROM unnest(v_chains) AS c(chain) ORDER BY 1
        ON CONFLICT (chain) DO NOTHING;
    FOR h IN SELECT x.chain, x.seq, x.hash FROM platform.audit_chain_heads x
             WHERE x.chain = ANY (v_chains) ORDER BY x.chain FOR UPDATE LOOP
        n_chains := n_chains + 1;
        h_chain[n_chains] := h.chain;
        h_seq[n_chains] := h.seq;
        h_hash[n_chains] := h.hash;
    END LOOP;
    v_at := date_trunc('microseconds', clock_timestamp());
    v_ts := to_char(v_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
    -- the claimed events in chain order and each chain's in queue order, hashed on from its head
    n_chains := 0;
    FOR e IN SELECT p.id, p.chain, platform.audit_org_of(p.chain) AS org,
                    octet_length(p.actor)::text || ':' || p.actor || ';'
                     || octet_length(p.operation)::text || ':' || p.operation || ';'
                     || octet_length(p.resource)::text || ':' || p.resource || ';'
                     || octet_length(p.result)::text || ':' || p.result || ';'
                     || CASE WHEN p.fail_mode IS NULL THEN '-;'
                             ELSE octet_length(p.fail_mode)::text || ':' || p.fail_mode || ';' END
                     || CASE WHEN p.request_id IS NULL THEN '-;'
                             ELSE octet_length(p.request_id)::text || ':' || p.request_id || ';' END
                     || CASE WHEN p.source_ip IS NULL THEN '-;'
                             ELSE octet_length(p.source_ip)::text || ':' || p.source_ip || ';' END
                     || octet_length(v_ts)::text || ':' || v_ts || ';'
                     || octet_length(p.payload::text)::text || ':' || p.payload::text || ';' AS tail
             FROM platform.audit_pending p WHERE p.id = ANY (v_ids) ORDER BY p.chain, p.id LOOP
        IF v_chain IS DISTINCT FROM e.chain THEN
            IF v_chain IS NOT NULL THEN
                h_seq[n_chains] := v_seq;
                h_hash[n_chains] := v_prev;
            END IF;
            n_chains := n_chains + 1;
            IF h_chain[n_chains] IS DISTINCT FROM e.chain THEN
                RAISE EXCEPTION 'audit_link: chain head % not locked', e.chain USING ERRCODE = 'VA001';
            END IF;
            v_chain := e.chain;
            v_seq := h_seq[n_chains];
            v_prev := h_hash[n_chains];
        END IF;
        v_seq := v_seq + 1;
        n_rows := n_rows + 1;
        a_ids[n_rows] := e.id;
        a_org[n_rows] := e.org;
        a_seq[n_rows] := v_seq;
        a_prev[n_rows] := v_prev;
        v_prev := encode(sha256(decode(v_prev, 'hex') || convert_to('velocity-audit-v1;'
                     || octet_length(e.chain)::text || ':' || e.chain || ';'
                     || octet_length(v_seq::text)::text || ':' || v_seq::text || ';' || e.tail, 'UTF8')), 'hex');
        a_hash[n_rows] := v_prev;
    END LOOP;
    h_seq[n_chains] := v_seq;
    h_hash[n_chains] := v_prev;
    INSERT INTO platform.audit_log (org, chain, seq, actor, operation, resource, result, fail_mode,
                                    request_id, source_ip, created_at, payload, prev_hash, hash)
        SELECT o.org, p.chain, o.seq, p.actor, p.operation, p.resource, p.result, p.fail_mode,
               p.request_id, p.source_ip, v_at, p.payload, o.prev, o.hash
        FROM unnest(a_ids, a_org, a_seq, a_prev, a_hash) WITH ORDINALITY AS o(id, org, seq, prev, hash, n)
        JOIN platform.audit_pending p ON p.id = o.id
        ORDER BY o.n;
    UPDATE platform.audit_chain_heads x SET seq = u.seq, hash = u.hash
        FROM unnest(h_chain, h_seq, h_hash) AS u(chain, seq, hash)
        WHERE x.chain = u.chain;
    DELETE FROM platform.audit_pending WHERE id = ANY (v_ids);
    RETURN cardinality(v_ids);
END
$$;
