-- platform.current_principal() in PL/pgSQL, same result as V1's SQL function.
--
-- Every row-level security policy and DDL-gateway check calls it. V1's SQL body, with its pinned
-- search_path, cannot be inlined, so PostgreSQL parsed and planned the body again in every statement
-- that called it; PL/pgSQL keeps the evaluated expression for the life of the connection. Measured
-- with pgbench as velocity_api (docs/benchmarks.md, session 8): four calls in one transaction
-- took 0.437 ms with the SQL body and 0.323 ms with this one.
CREATE OR REPLACE FUNCTION platform.current_principal() RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN nullif(current_setting('velocity.principal', true), '');
END
$$;
