-- The generation check now holds the record table against schema changes until the request ends.
--
-- V7's check read the generation in its statement's snapshot and took no lock: a schema change
-- that altered the table could commit between that check and the statement after it, which then
-- met columns the server did not expect (a dropped column: SQLSTATE 42703, answered 500). The
-- check now first takes the lock its statement takes anyway (ACCESS SHARE) on the record table,
-- waiting for a change in progress to commit, and only then reads the generation in a snapshot of
-- its own (VOLATILE: each query in the function sees what has committed when it starts). A change
-- that committed while it waited is seen (VS001: the server reads the type again and starts over);
-- one that starts later waits for the request's transaction to end, so the statement after the
-- check meets the table the check confirmed. A change that touches only the registry (rules,
-- masking) orders after a request whose check passed, as if it had come a moment later.
DROP FUNCTION platform.require_schema_generation(text, integer);

CREATE FUNCTION platform.require_schema_generation(p_path text, p_generation integer, p_table text) RETURNS void
    LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    record_table regclass := pg_catalog.to_regclass(p_table);
    current_generation integer;
BEGIN
    IF record_table IS NOT NULL THEN
        EXECUTE pg_catalog.format('LOCK TABLE %s IN ACCESS SHARE MODE', record_table);
    END IF;
    SELECT generation INTO current_generation FROM platform.schema_definitions WHERE schema_path = p_path;
    IF record_table IS NULL THEN
        RAISE EXCEPTION 'record type % has no table %', p_path, p_table USING ERRCODE = 'VS001';
    END IF;
    IF current_generation IS DISTINCT FROM p_generation THEN
        RAISE EXCEPTION 'record type % is at generation %, not %', p_path, current_generation, p_generation
            USING ERRCODE = 'VS001';
    END IF;
END
$$;

REVOKE ALL ON FUNCTION platform.require_schema_generation(text, integer, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.require_schema_generation(text, integer, text) TO velocity_api;
