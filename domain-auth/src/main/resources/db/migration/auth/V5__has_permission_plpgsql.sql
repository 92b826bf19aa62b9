-- platform.has_permission in PL/pgSQL, same rule and result as V1's SQL function.
--
-- It runs at least twice in every write (the server's explicit check, then the policy of the
-- statement) and once in every read (the SELECT policy). V1's SQL body is SECURITY DEFINER with a
-- pinned search_path, so it cannot be inlined and PostgreSQL parsed and planned its join again in
-- every statement that called it; PL/pgSQL prepares the query once per connection and reuses the
-- plan. Measured with pgbench as velocity_api (docs/benchmarks.md, session 8): a transaction that
-- sets the principal and checks one permission took 0.48 ms with the SQL body, 0.20–0.24 ms with
-- this one.
CREATE OR REPLACE FUNCTION platform.has_permission(p_path text, p_verb text) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN EXISTS (
        SELECT 1
          FROM platform.role_bindings b
          JOIN platform.roles r ON r.name = b.role
         WHERE b.principal = platform.current_principal()
           AND p_verb = ANY (r.verbs)
           AND (b.path_prefix = '*' OR b.path_prefix = p_path OR starts_with(p_path, b.path_prefix || '/')));
END
$$;
