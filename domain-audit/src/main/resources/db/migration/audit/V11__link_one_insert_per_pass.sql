-- One audit_log INSERT and one head UPDATE per link pass, whatever the number of chains.
--
-- audit_link (V7, V9, V10) wrote each chain of a pass with an INSERT and a head UPDATE of its own.
-- Under 16 concurrent HTTP writers spread over ten chains a pass finds about one event per chain
-- (docs/benchmarks.md, sessions 11 and 12), so nearly every event paid for a whole INSERT into the
-- partitioned audit_log: tuple routing, the five CHECKs prepared again and the executor started
-- and ended. Under load those INSERTs were the largest part of a pass (6.1 s of 16.9 s of
-- executor time in session 12's pg_stat_statements run).
--
-- The pass is otherwise unchanged: per chain, in chain order, it creates the head if it is
-- missing, locks it, computes the canonical encodings of the chain's events in one statement and
-- hashes them in order; the rows and the new heads are collected instead of written. After the
-- last chain one INSERT writes every row, in the same order as before (chain, then sequence), and
-- one UPDATE moves every head. Same transaction, same locks, same bytes hashed.
--
-- Measured with pgbench, one client, ten events queued and linked in one transaction that is
-- rolled back, the tables vacuumed before each run, three runs each (docs/benchmarks.md, session
-- 12): ten chains with one event each 2.29-2.75 ms a pass before, 1.38-2.10 ms after; one chain
-- with ten events 0.90-0.98 ms before, 0.74-1.09 ms after.
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
    i        integer;
    n_rows   integer := 0;
    n_chains integer := 0;
    -- every chain's rows and new head, for the pass's one INSERT and one head UPDATE
    a_ids    bigint[] := '{}';
    a_org    text[] := '{}';
    a_seq    bigint[] := '{}';
    a_at     timestamptz[] := '{}';
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
    v_month := date_trunc('month', clock_timestamp() AT TIME ZONE 'UTC')::date;
    FOR v_org IN SELECT DISTINCT platform.audit_org_of(p.chain) FROM platform.audit_pending p
                 WHERE p.id = ANY (v_ids) LOOP
        IF NOT EXISTS (SELECT 1 FROM platform.audit_partitions a WHERE a.org = v_org AND a.month = v_month) THEN
            PERFORM platform.audit_ensure_partition(v_org, v_month);
        END IF;
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
        FOR i IN 1 .. cardinality(v_canon) LOOP
            n_rows := n_rows + 1;
            a_ids[n_rows] := v_chain_ids[i];
            a_org[n_rows] := v_org;
            a_seq[n_rows] := v_seq + i;
            a_at[n_rows] := v_at;
            a_prev[n_rows] := v_prev;
            v_prev := encode(sha256(decode(v_prev, 'hex') || convert_to(v_canon[i], 'UTF8')), 'hex');
            a_hash[n_rows] := v_prev;
        END LOOP;
        n_chains := n_chains + 1;
        h_chain[n_chains] := v_chain;
        h_seq[n_chains] := v_seq + cardinality(v_chain_ids);
        h_hash[n_chains] := v_prev;
    END LOOP;
    INSERT INTO platform.audit_log (org, chain, seq, actor, operation, resource, result, fail_mode,
                                    request_id, source_ip, created_at, payload, prev_hash, hash)
        SELECT o.org, p.chain, o.seq, p.actor, p.operation, p.resource, p.result, p.fail_mode,
               p.request_id, p.source_ip, o.at, p.payload, o.prev, o.hash
        FROM unnest(a_ids, a_org, a_seq, a_at, a_prev, a_hash) WITH ORDINALITY AS o(id, org, seq, at, prev, hash, n)
        JOIN platform.audit_pending p ON p.id = o.id
        ORDER BY o.n;
    UPDATE platform.audit_chain_heads h SET seq = u.seq, hash = u.hash
        FROM unnest(h_chain, h_seq, h_hash) AS u(chain, seq, hash)
        WHERE h.chain = u.chain;
    DELETE FROM platform.audit_pending WHERE id = ANY (v_ids);
    RETURN cardinality(v_ids);
END
$$;
