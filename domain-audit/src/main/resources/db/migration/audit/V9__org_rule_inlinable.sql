-- The organisation rule in one place, in helpers PostgreSQL can inline.
--
-- platform.audit_org_of (V4) pins search_path, so PostgreSQL never inlines it: each use is a full
-- function call, and it is used per linked event (the CHECK (org = platform.audit_org_of(chain)) of
-- platform.audit_log) and per chain and organisation in every link pass. The organisation's format
-- was written out twice more, in audit_ensure_partition (V4) and audit_append (V8).
--
-- Now audit_org_of and the new audit_org_valid are SQL functions with no SET clause and SECURITY
-- INVOKER, every function and operator in their bodies qualified with pg_catalog, so a caller's
-- search_path cannot change what they mean, and PostgreSQL inlines them into the statements that
-- use them. audit_append and audit_ensure_partition call audit_org_valid; audit_link (V7, otherwise
-- unchanged) calls audit_ensure_partition only for an organisation whose month is not registered.
-- Measured on a 2-core machine with three queued events per pass (docs/benchmarks.md, session 9):
-- a link pass took 1.00-1.11 ms of backend time before and 0.77-0.85 ms after.

CREATE OR REPLACE FUNCTION platform.audit_org_of(p_chain text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN pg_catalog.strpos(p_chain, '/') OPERATOR(pg_catalog.>) 0
                THEN pg_catalog.split_part(p_chain, '/', 1) ELSE '' END
$$;

-- An organisation a chain may belong to: '' (chains such as 'platform') or a schema-path segment.
CREATE FUNCTION platform.audit_org_valid(p_org text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT p_org OPERATOR(pg_catalog.=) ''
           OR p_org OPERATOR(pg_catalog.~) '^[a-z][a-z0-9-]{0,62}$'
$$;

GRANT EXECUTE ON FUNCTION platform.audit_org_valid(text) TO velocity_api;

CREATE OR REPLACE PROCEDURE platform.audit_append(
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
    IF NOT platform.audit_org_valid(platform.audit_org_of(p_chain)) THEN
        RAISE EXCEPTION 'audit chain % does not start with an organisation', p_chain
            USING ERRCODE = 'VA002';
    END IF;
    INSERT INTO platform.audit_pending (chain, actor, operation, resource, result, fail_mode,
                                        request_id, source_ip, payload)
        VALUES (p_chain, p_actor, p_operation, p_resource, p_result, p_fail_mode, p_request_id,
                p_source_ip, coalesce(p_payload, '{}'::jsonb));
END
$$;

CREATE OR REPLACE FUNCTION platform.audit_ensure_partition(p_org text, p_month date) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_month   date := date_trunc('month', p_month)::date;
    v_org_rel text;
    v_rel     text;
BEGIN
    IF EXISTS (SELECT 1 FROM platform.audit_partitions WHERE org = p_org AND month = v_month) THEN
        RETURN false;
    END IF;
    IF p_org IS NULL OR NOT platform.audit_org_valid(p_org) THEN
        RAISE EXCEPTION 'not an organisation: %', p_org USING ERRCODE = 'VA002';
    END IF;
    IF v_month IS NULL OR v_month > now() + interval '12 months' THEN
        RAISE EXCEPTION 'audit partitions are created at most a year ahead' USING ERRCODE = 'VA002';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('velocity.audit.partitions'));
    IF EXISTS (SELECT 1 FROM platform.audit_partitions WHERE org = p_org AND month = v_month) THEN
        RETURN false;
    END IF;
    v_org_rel := platform.audit_partition_base(p_org);
    IF to_regclass(format('platform.%I', v_org_rel)) IS NULL THEN
        EXECUTE format('CREATE TABLE platform.%I PARTITION OF platform.audit_log FOR VALUES IN (%L) '
                       'PARTITION BY RANGE (created_at)', v_org_rel, p_org);
        EXECUTE format('CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON platform.%I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION platform.audit_log_refuse_change()', v_org_rel);
    END IF;
    v_rel := v_org_rel || '_' || to_char(v_month, 'YYYYMM');
    EXECUTE format('CREATE TABLE platform.%I PARTITION OF platform.%I FOR VALUES FROM (%L) TO (%L)', v_rel,
                   v_org_rel, (v_month::timestamp AT TIME ZONE 'UTC'),
                   ((v_month + interval '1 month')::timestamp AT TIME ZONE 'UTC'));
    EXECUTE format('CREATE UNIQUE INDEX %I ON platform.%I (chain, seq)', v_rel || '_chain_seq', v_rel);
    EXECUTE format('CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON platform.%I '
                   'FOR EACH STATEMENT EXECUTE FUNCTION platform.audit_log_refuse_change()', v_rel);
    INSERT INTO platform.audit_partitions (org, month, relname) VALUES (p_org, v_month, v_rel);
    RETURN true;
END
$$;

CREATE OR REPLACE FUNCTION platform.audit_link(p_limit integer) RETURNS integer
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
