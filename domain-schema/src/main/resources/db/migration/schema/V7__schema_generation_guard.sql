-- A write's check, in its own transaction, that the record type it validated against is current.
--
-- The server keeps parsed record types in memory. Until now every write asked the registry for
-- the type's generation before its transaction began: one more pooled connection and round trip
-- per write, and still a window in which a change could commit between that answer and the
-- write. A create now validates against the type it holds and runs this check in the same round
-- trip as its INSERT, ahead of it, so the answer and the write share a transaction. A type that
-- was changed or removed fails with SQLSTATE VS001 before anything is written; the server then
-- reads the type again and starts the write over.
CREATE FUNCTION platform.require_schema_generation(p_path text, p_generation integer) RETURNS void
    LANGUAGE plpgsql STABLE
AS $$
DECLARE
    current_generation integer;
BEGIN
    SELECT generation INTO current_generation FROM platform.schema_definitions WHERE schema_path = p_path;
    IF current_generation IS DISTINCT FROM p_generation THEN
        RAISE EXCEPTION 'record type % is at generation %, not %', p_path, current_generation, p_generation
            USING ERRCODE = 'VS001';
    END IF;
END
$$;

REVOKE ALL ON FUNCTION platform.require_schema_generation(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.require_schema_generation(text, integer) TO velocity_api;
