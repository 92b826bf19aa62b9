-- The platform schema holds Velocity's own tables and the DDL gateway. It is owned by
-- velocity_owner (who runs this migration); velocity_api only gets USAGE plus the grants each
-- context's migrations give it table by table.
CREATE SCHEMA IF NOT EXISTS platform;
REVOKE ALL ON SCHEMA platform FROM PUBLIC;
GRANT USAGE ON SCHEMA platform TO velocity_api;

-- Functions are executable by PUBLIC unless revoked: for every function velocity_owner creates from
-- now on, EXECUTE must be granted explicitly.
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- No role but the owner may create anything in this database: velocity_api gets CONNECT only
-- (no CREATE, no TEMPORARY), and the public schema is closed.
DO $$
BEGIN
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO velocity_api', current_database());
END
$$;
REVOKE ALL ON SCHEMA public FROM PUBLIC;

-- The principal of the current transaction, as set by the server with
-- set_config('velocity.principal', …, true). NULL when none is set: policies then match nothing.
CREATE FUNCTION platform.current_principal() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT nullif(current_setting('velocity.principal', true), '') $$;
GRANT EXECUTE ON FUNCTION platform.current_principal() TO velocity_api;
