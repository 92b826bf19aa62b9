-- The audit log partitioned by organisation and month, and retention with legal holds
-- (docs/adr/0012-audit-partitions-and-retention.md).
--
-- platform.audit_log becomes LIST-partitioned on org (the chain's namespace; '' for the platform
-- chain), each organisation RANGE-partitioned by month (UTC) of created_at. Retention removes whole
-- expired months with DROP TABLE, never row by row, so the append-only triggers never need an
-- exception: no role, the owner included, can UPDATE, DELETE or TRUNCATE an event. A dropped range
-- of a chain is bridged by a retention anchor: the hash of its last event and the Merkle frontier
-- there, signed with the checkpoint key, so what remains verifies.

-- The organisation an event's chain belongs to: the namespace of a schema path, '' for the
-- platform chain (a namespace cannot be empty, so the two never meet).
CREATE FUNCTION platform.audit_org_of(p_chain text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT CASE WHEN strpos(p_chain, '/') > 0 THEN split_part(p_chain, '/', 1) ELSE '' END $$;

-- Table names stay under 63 octets whatever the namespace: at most 40 characters of it plus 8 hex
-- digits of its MD5 (a name, not a security measure), so two long namespaces cannot collide.
CREATE FUNCTION platform.audit_partition_base(p_org text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT 'audit_' || CASE WHEN p_org = '' THEN 'platform'
                            ELSE left(replace(p_org, '-', '_'), 40) || '_' || left(md5(p_org), 8) END
$$;

-- Every month partition ever created, and when retention dropped it.
CREATE TABLE platform.audit_partitions (
    org        text        NOT NULL,
    month      date        NOT NULL CHECK (month = date_trunc('month', month)::date),
    relname    text        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    dropped_at timestamptz,
    dropped_events bigint,
    PRIMARY KEY (org, month)
);

ALTER TABLE platform.audit_log RENAME TO audit_log_v1;
ALTER TABLE platform.audit_log_v1 RENAME CONSTRAINT audit_log_pkey TO audit_log_v1_pkey;
ALTER TABLE platform.audit_log_v1 RENAME CONSTRAINT audit_log_chain_seq TO audit_log_v1_chain_seq;
ALTER INDEX platform.audit_log_fail_mode RENAME TO audit_log_v1_fail_mode;
ALTER SEQUENCE platform.audit_log_id_seq RENAME TO audit_log_v1_id_seq;

-- Same columns as before plus org. No primary key: a unique constraint on a partitioned table must
-- contain the partition keys, which would make it meaningless. (chain, seq) is unique in each month
-- partition (its own index) and across them by construction (one sealer per chain at a time, under
-- the head lock); verification reports any duplicate as a sequence break.
CREATE TABLE platform.audit_log (
    id         bigint GENERATED ALWAYS AS IDENTITY,
    org        text        NOT NULL,
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
    CHECK (org = platform.audit_org_of(chain))
) PARTITION BY LIST (org);
CREATE INDEX audit_log_fail_mode ON platform.audit_log (created_at) WHERE fail_mode IS NOT NULL;

-- Creates the month partition of an organisation (and the organisation's partition) if missing;
-- true when it created one. Called ahead of time by the server's timer, and by the sealer at
-- commit for an organisation whose month does not exist yet, so an event never lacks a partition.
-- The month must lie within a year from now: enough for any caller, too little to fill the catalog.
CREATE FUNCTION platform.audit_ensure_partition(p_org text, p_month date) RETURNS boolean
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
    IF p_org IS NULL OR (p_org <> '' AND p_org !~ '^[a-z][a-z0-9-]{0,62}$') THEN
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

-- Move what V1–V3 wrote, ids and all.
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT DISTINCT platform.audit_org_of(chain) AS org,
                    date_trunc('month', created_at AT TIME ZONE 'UTC')::date AS month
             FROM platform.audit_log_v1 LOOP
        PERFORM platform.audit_ensure_partition(r.org, r.month);
    END LOOP;
END
$$;
SELECT platform.audit_ensure_partition('', date_trunc('month', now() AT TIME ZONE 'UTC')::date);
INSERT INTO platform.audit_log (id, org, chain, seq, actor, operation, resource, result, fail_mode, request_id,
                                source_ip, created_at, payload, prev_hash, hash)
    OVERRIDING SYSTEM VALUE
    SELECT id, platform.audit_org_of(chain), chain, seq, actor, operation, resource, result, fail_mode, request_id,
           source_ip, created_at, payload, prev_hash, hash
    FROM platform.audit_log_v1 ORDER BY id;
SELECT setval(pg_get_serial_sequence('platform.audit_log', 'id'), coalesce(max(id), 0) + 1, false)
    FROM platform.audit_log_v1;
DROP TABLE platform.audit_log_v1;

-- Append-only for every role, the owner included, as before; row triggers are cloned onto every
-- partition, and each partition gets its own TRUNCATE trigger (audit_ensure_partition), since a
-- TRUNCATE of a partition does not fire its parent's.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON platform.audit_log
    FOR EACH ROW EXECUTE FUNCTION platform.audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON platform.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION platform.audit_log_refuse_change();

GRANT SELECT, INSERT ON platform.audit_log TO velocity_api;
GRANT SELECT ON platform.audit_partitions TO velocity_api;
GRANT EXECUTE ON FUNCTION platform.audit_ensure_partition(text, date) TO velocity_api;
GRANT EXECUTE ON FUNCTION platform.audit_org_of(text) TO velocity_api;

-- The sealer of V2, now also naming the organisation and making sure its month exists (one
-- registry lookup per organisation per commit; the timer normally created it long before).
CREATE OR REPLACE FUNCTION platform.audit_seal_pending() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_chain text;
    v_org   text;
    e       record;
    v_seq   bigint;
    v_prev  text;
    v_hash  text;
    v_at    timestamptz;
    v_month date;
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
    v_month := date_trunc('month', clock_timestamp() AT TIME ZONE 'UTC')::date;
    FOR v_org IN SELECT DISTINCT platform.audit_org_of(p.chain) FROM platform.audit_pending p LOOP
        PERFORM platform.audit_ensure_partition(v_org, v_month);
        IF date_trunc('month', (clock_timestamp() + interval '1 minute') AT TIME ZONE 'UTC')::date <> v_month THEN
            PERFORM platform.audit_ensure_partition(v_org, (v_month + interval '1 month')::date);
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
        INSERT INTO platform.audit_log (org, chain, seq, actor, operation, resource, result, fail_mode,
                                        request_id, source_ip, created_at, payload, prev_hash, hash)
            VALUES (platform.audit_org_of(e.chain), e.chain, v_seq, e.actor, e.operation, e.resource, e.result,
                    e.fail_mode, e.request_id, e.source_ip, v_at, e.payload, v_prev, v_hash);
        UPDATE platform.audit_chain_heads SET seq = v_seq, hash = v_hash WHERE chain = e.chain;
    END LOOP;
    RETURN NULL;
END
$$;

-- The naive reference design of V1 (benchmarks only), kept working on the partitioned table.
CREATE OR REPLACE PROCEDURE platform.audit_insert(
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
    PERFORM platform.audit_ensure_partition(platform.audit_org_of(p_chain),
                                            date_trunc('month', v_at AT TIME ZONE 'UTC')::date);
    INSERT INTO platform.audit_chain_heads (chain, seq, hash)
        VALUES (p_chain, 0, repeat('0', 64))
        ON CONFLICT (chain) DO NOTHING;
    SELECT seq, hash INTO v_seq, v_prev
        FROM platform.audit_chain_heads WHERE chain = p_chain FOR UPDATE;
    v_seq := v_seq + 1;
    v_hash := encode(sha256(decode(v_prev, 'hex') || convert_to(platform.audit_canonical(
        p_chain, v_seq, p_actor, p_operation, p_resource, p_result, p_fail_mode, p_request_id,
        p_source_ip, v_at, v_body), 'UTF8')), 'hex');
    INSERT INTO platform.audit_log (org, chain, seq, actor, operation, resource, result, fail_mode,
                                    request_id, source_ip, created_at, payload, prev_hash, hash)
        VALUES (platform.audit_org_of(p_chain), p_chain, v_seq, p_actor, p_operation, p_resource, p_result,
                p_fail_mode, p_request_id, p_source_ip, v_at, v_body, v_prev, v_hash);
    UPDATE platform.audit_chain_heads SET seq = v_seq, hash = v_hash WHERE chain = p_chain;
END
$$;

-- Retention per organisation: whole months older than retain_days are dropped; NULL keeps
-- everything (the default for an organisation without a row). At least 30 days.
CREATE TABLE platform.audit_retention (
    org         text        PRIMARY KEY CHECK (org ~ '^[a-z][a-z0-9-]{0,62}$'),
    retain_days integer     CHECK (retain_days IS NULL OR retain_days BETWEEN 30 AND 36500),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text        NOT NULL
);

-- A legal hold pins [starts_at, ends_at) of an organisation's log whatever its retention says,
-- until an administrator releases it (a release is recorded, never a deletion).
CREATE TABLE platform.audit_legal_holds (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    org            text        NOT NULL CHECK (org ~ '^[a-z][a-z0-9-]{0,62}$'),
    starts_at      timestamptz NOT NULL,
    ends_at        timestamptz NOT NULL,
    reason         text        NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
    created_by     text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    released_at    timestamptz,
    released_by    text,
    release_reason text,
    CHECK (ends_at > starts_at),
    CHECK ((released_at IS NULL) = (released_by IS NULL))
);
CREATE INDEX audit_legal_holds_org ON platform.audit_legal_holds (org) WHERE released_at IS NULL;

-- Holds are never deleted, and only their release columns change, once.
CREATE FUNCTION platform.audit_legal_holds_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'DELETE' OR OLD.released_at IS NOT NULL
       OR (NEW.id, NEW.org, NEW.starts_at, NEW.ends_at, NEW.reason, NEW.created_by, NEW.created_at)
          IS DISTINCT FROM (OLD.id, OLD.org, OLD.starts_at, OLD.ends_at, OLD.reason, OLD.created_by, OLD.created_at) THEN
        RAISE EXCEPTION 'a legal hold is only ever released, once: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER audit_legal_holds_guard BEFORE UPDATE OR DELETE ON platform.audit_legal_holds
    FOR EACH ROW EXECUTE FUNCTION platform.audit_legal_holds_guard();

-- One row per dropped range of a chain: events first_seq..last_seq are gone; last_hash is the
-- hash of event last_seq (the prev_hash of the next kept event) and frontier the Merkle frontier of
-- the chain's first last_seq events. The server signs these with the checkpoint key
-- (RetentionAnchor.signedBytes); the verifier trusts nothing here without that signature.
CREATE TABLE platform.audit_retention_anchors (
    chain      text        NOT NULL,
    first_seq  bigint      NOT NULL CHECK (first_seq > 0),
    last_seq   bigint      NOT NULL,
    last_hash  text        NOT NULL CHECK (last_hash ~ '^[0-9a-f]{64}$'),
    frontier   text[]      NOT NULL,
    partition  text        NOT NULL,
    signed_at  timestamptz NOT NULL,
    key_id     text        NOT NULL CHECK (key_id ~ '^[0-9a-f]{16}$'),
    signature  text        NOT NULL,
    PRIMARY KEY (chain, first_seq),
    CHECK (last_seq >= first_seq)
);
CREATE TRIGGER audit_retention_anchors_no_update BEFORE UPDATE OR DELETE ON platform.audit_retention_anchors
    FOR EACH ROW EXECUTE FUNCTION platform.audit_log_refuse_change();
CREATE TRIGGER audit_retention_anchors_no_truncate BEFORE TRUNCATE ON platform.audit_retention_anchors
    FOR EACH STATEMENT EXECUTE FUNCTION platform.audit_log_refuse_change();

-- The only way events leave: drops one expired month partition of an organisation, in the
-- caller's transaction, after checking here, whatever the caller believes, that the organisation's
-- retention covers the whole month, that no unreleased legal hold touches it, and that the anchors
-- given (a JSON object keyed by chain: firstSeq, lastSeq, lastHash, frontier, signedAt, keyId,
-- signature) describe exactly the events it holds: per chain one contiguous range, none of which
-- lives anywhere else, ending at the hash given. Returns the number of events dropped.
CREATE FUNCTION platform.audit_retention_drop(p_org text, p_month date, p_anchors jsonb) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_part   platform.audit_partitions;
    v_days   integer;
    v_start  timestamptz;
    v_end    timestamptz;
    v_oid    oid;
    r        record;
    a        jsonb;
    v_total  bigint := 0;
    v_chains integer := 0;
    v_hash   text;
BEGIN
    SELECT * INTO v_part FROM platform.audit_partitions
        WHERE org = p_org AND month = p_month AND dropped_at IS NULL FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no audit partition of % for %', p_org, p_month USING ERRCODE = 'VR001';
    END IF;
    SELECT retain_days INTO v_days FROM platform.audit_retention WHERE org = p_org;
    IF v_days IS NULL THEN
        RAISE EXCEPTION 'organisation % keeps its audit log forever', p_org USING ERRCODE = 'VR002';
    END IF;
    v_start := p_month::timestamp AT TIME ZONE 'UTC';
    v_end := (p_month + interval '1 month')::timestamp AT TIME ZONE 'UTC';
    IF v_end > now() - make_interval(days => v_days) THEN
        RAISE EXCEPTION 'the month % of % is not past its retention of % days', p_month, p_org, v_days
            USING ERRCODE = 'VR002';
    END IF;
    IF EXISTS (SELECT 1 FROM platform.audit_legal_holds h
               WHERE h.org = p_org AND h.released_at IS NULL AND h.starts_at < v_end AND h.ends_at > v_start) THEN
        RAISE EXCEPTION 'a legal hold covers the month % of %', p_month, p_org USING ERRCODE = 'VR003';
    END IF;
    v_oid := format('platform.%I', v_part.relname)::regclass;
    FOR r IN EXECUTE format('SELECT chain, min(seq) AS lo, max(seq) AS hi, count(*) AS n '
                            'FROM platform.%I GROUP BY chain', v_part.relname) LOOP
        v_chains := v_chains + 1;
        a := p_anchors -> r.chain;
        IF a IS NULL OR (a ->> 'firstSeq')::bigint IS DISTINCT FROM r.lo
           OR (a ->> 'lastSeq')::bigint IS DISTINCT FROM r.hi OR r.n <> r.hi - r.lo + 1 THEN
            RAISE EXCEPTION 'the anchor of chain % does not match events % to % of %', r.chain, r.lo, r.hi,
                v_part.relname USING ERRCODE = 'VR004';
        END IF;
        IF EXISTS (SELECT 1 FROM platform.audit_log l WHERE l.org = p_org AND l.chain = r.chain
                   AND l.seq BETWEEN r.lo AND r.hi AND l.tableoid <> v_oid) THEN
            RAISE EXCEPTION 'events % to % of chain % are not all in %', r.lo, r.hi, r.chain, v_part.relname
                USING ERRCODE = 'VR004';
        END IF;
        EXECUTE format('SELECT hash FROM platform.%I WHERE chain = $1 AND seq = $2', v_part.relname)
            INTO v_hash USING r.chain, r.hi;
        IF v_hash IS DISTINCT FROM a ->> 'lastHash' THEN
            RAISE EXCEPTION 'the anchor of chain % names another hash for event %', r.chain, r.hi
                USING ERRCODE = 'VR004';
        END IF;
        INSERT INTO platform.audit_retention_anchors (chain, first_seq, last_seq, last_hash, frontier, partition,
                                                      signed_at, key_id, signature)
            VALUES (r.chain, r.lo, r.hi, v_hash, ARRAY(SELECT jsonb_array_elements_text(a -> 'frontier')),
                    v_part.relname, (a ->> 'signedAt')::timestamptz, a ->> 'keyId', a ->> 'signature');
        v_total := v_total + r.n;
    END LOOP;
    IF v_chains <> (SELECT count(*) FROM jsonb_object_keys(p_anchors)) THEN
        RAISE EXCEPTION 'anchors were given for chains that have no events in %', v_part.relname
            USING ERRCODE = 'VR004';
    END IF;
    EXECUTE format('DROP TABLE platform.%I', v_part.relname);
    UPDATE platform.audit_partitions SET dropped_at = now(), dropped_events = v_total
        WHERE org = p_org AND month = p_month;
    RETURN v_total;
END
$$;

GRANT SELECT, INSERT, UPDATE ON platform.audit_retention TO velocity_api;
GRANT SELECT, INSERT ON platform.audit_legal_holds TO velocity_api;
GRANT UPDATE (released_at, released_by, release_reason) ON platform.audit_legal_holds TO velocity_api;
GRANT SELECT ON platform.audit_retention_anchors TO velocity_api;
GRANT EXECUTE ON FUNCTION platform.audit_retention_drop(text, date, jsonb) TO velocity_api;
