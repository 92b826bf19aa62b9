-- audit_append refuses an event whose chain could never be linked.
--
-- platform.audit_link stores each event in its organisation's partition, and
-- platform.audit_ensure_partition refuses an organisation that is not a schema-path segment
-- ('^[a-z][a-z0-9-]{0,62}$'; the part before the first '/', or '' for chains without one such as
-- 'platform'). A queued event on such a chain would make every link pass fail, for every chain,
-- until an operator removed it (readiness 'audit-chains' DOWN after 30 s). The server only queues
-- chains named after validated schema paths or 'platform'; this closes the door for anyone else
-- holding velocity_api's credential: the event is refused when it is queued, so the write that
-- carries it rolls back instead of stalling the log. Otherwise unchanged from audit V2.
CREATE OR REPLACE PROCEDURE platform.audit_append(
        p_chain text, p_actor text, p_operation text, p_resource text, p_result text,
        p_fail_mode text, p_request_id text, p_source_ip text, p_payload jsonb)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_org text;
BEGIN
    IF p_chain IS NULL OR p_actor IS NULL OR p_operation IS NULL OR p_resource IS NULL OR p_result IS NULL THEN
        RAISE EXCEPTION 'audit event is missing chain, actor, operation, resource or result'
            USING ERRCODE = 'VA001';
    END IF;
    v_org := CASE WHEN strpos(p_chain, '/') > 0 THEN split_part(p_chain, '/', 1) ELSE '' END;
    IF v_org <> '' AND v_org !~ '^[a-z][a-z0-9-]{0,62}$' THEN
        RAISE EXCEPTION 'audit chain % does not start with an organisation', p_chain
            USING ERRCODE = 'VA002';
    END IF;
    INSERT INTO platform.audit_pending (chain, actor, operation, resource, result, fail_mode,
                                        request_id, source_ip, payload)
        VALUES (p_chain, p_actor, p_operation, p_resource, p_result, p_fail_mode, p_request_id,
                p_source_ip, coalesce(p_payload, '{}'::jsonb));
END
$$;
