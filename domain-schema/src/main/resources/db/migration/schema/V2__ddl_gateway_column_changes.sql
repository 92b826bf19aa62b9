-- Column changes for schema versions, through the same gateway rules as creation: identifiers
-- derived from the path and validated, types from the fixed list, system columns untouchable.
-- Only the server's schema administration calls these, after its own approval checks
-- (velocity.sh/breaking-change: "approved" and a migration reason for every breaking change).

CREATE FUNCTION platform.ddl_user_column(p_table regclass, p_column text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM platform.ddl_require(p_column ~ '^[a-z][a-z0-9_]{0,62}$', 'bad column name');
    PERFORM platform.ddl_require(p_column NOT IN ('id', 'version', 'created_at', 'updated_at', 'created_by',
        'updated_by', 'search_vector', 'tenant') AND p_column !~ '^(pg_|velocity_)',
        'system column ' || p_column || ' cannot be changed');
    PERFORM platform.ddl_require(EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = p_table
        AND attname = p_column AND attnum > 0 AND NOT attisdropped), 'no column ' || p_column);
END
$$;

CREATE FUNCTION platform.ddl_record_table(
        p_namespace text, p_domain text, p_subdomain text, p_name text, p_version text)
    RETURNS regclass
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n record;
    t regclass;
BEGIN
    n := platform.ddl_names(p_namespace, p_domain, p_subdomain, p_name, p_version);
    t := to_regclass(format('%I.%I', n.pg_schema, n.pg_table));
    PERFORM platform.ddl_require(t IS NOT NULL, 'record table does not exist');
    RETURN t;
END
$$;

CREATE FUNCTION platform.ddl_drop_column(
        p_namespace text, p_domain text, p_subdomain text, p_name text, p_version text, p_column text)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t regclass := platform.ddl_record_table(p_namespace, p_domain, p_subdomain, p_name, p_version);
BEGIN
    PERFORM platform.ddl_user_column(t, p_column);
    EXECUTE format('ALTER TABLE %s DROP COLUMN %I', t, p_column);
END
$$;

CREATE FUNCTION platform.ddl_rename_column(
        p_namespace text, p_domain text, p_subdomain text, p_name text, p_version text,
        p_column text, p_new_name text)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t regclass := platform.ddl_record_table(p_namespace, p_domain, p_subdomain, p_name, p_version);
BEGIN
    PERFORM platform.ddl_user_column(t, p_column);
    -- The new name must be a legal, unused user column name: reuse the definition check.
    PERFORM platform.ddl_column_definition(jsonb_build_object('name', p_new_name, 'type', 'boolean'));
    EXECUTE format('ALTER TABLE %s RENAME COLUMN %I TO %I', t, p_column, p_new_name);
END
$$;

-- Redefines a column as p_column describes it (type, maxLength, required). Existing values are
-- converted with a cast; a value that does not convert, a value over the new maxLength, or a NULL
-- where one is now required makes the whole schema change fail and roll back.
CREATE FUNCTION platform.ddl_redefine_column(
        p_namespace text, p_domain text, p_subdomain text, p_name text, p_version text, p_column jsonb)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t        regclass := platform.ddl_record_table(p_namespace, p_domain, p_subdomain, p_name, p_version);
    v_name   text := p_column ->> 'name';
    v_def    text;
    v_type   text;
    v_check  record;
BEGIN
    PERFORM platform.ddl_user_column(t, v_name);
    -- The definition is validated by the same function that creates columns; take its type part.
    v_def := platform.ddl_column_definition(p_column - 'required');
    v_type := CASE p_column ->> 'type'
        WHEN 'string'    THEN format('varchar(%s)', (p_column ->> 'maxLength')::bigint)
        WHEN 'text'      THEN 'text'
        WHEN 'integer'   THEN 'bigint'
        WHEN 'decimal'   THEN 'numeric'
        WHEN 'boolean'   THEN 'boolean'
        WHEN 'date'      THEN 'date'
        WHEN 'timestamp' THEN 'timestamptz'
        WHEN 'uuid'      THEN 'uuid'
    END;
    PERFORM platform.ddl_require(v_def IS NOT NULL AND v_type IS NOT NULL, 'unknown column type');
    -- Length checks of text columns are replaced, not stacked.
    FOR v_check IN
        SELECT c.conname FROM pg_constraint c
         WHERE c.conrelid = t AND c.contype = 'c'
           AND c.conkey = ARRAY[(SELECT attnum FROM pg_attribute WHERE attrelid = t AND attname = v_name)]
    LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', t, v_check.conname);
    END LOOP;
    EXECUTE format('ALTER TABLE %s ALTER COLUMN %I TYPE %s USING %I::%s', t, v_name, v_type, v_name, v_type);
    IF p_column ->> 'type' = 'text' THEN
        EXECUTE format('ALTER TABLE %s ADD CHECK (char_length(%I) <= %s)', t, v_name,
            (p_column ->> 'maxLength')::bigint);
    END IF;
    IF coalesce((p_column ->> 'required')::boolean, false) THEN
        EXECUTE format('ALTER TABLE %s ALTER COLUMN %I SET NOT NULL', t, v_name);
    ELSE
        EXECUTE format('ALTER TABLE %s ALTER COLUMN %I DROP NOT NULL', t, v_name);
    END IF;
END
$$;

REVOKE ALL ON FUNCTION platform.ddl_drop_column(text, text, text, text, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION platform.ddl_rename_column(text, text, text, text, text, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION platform.ddl_redefine_column(text, text, text, text, text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.ddl_drop_column(text, text, text, text, text, text) TO velocity_api;
GRANT EXECUTE ON FUNCTION platform.ddl_rename_column(text, text, text, text, text, text, text) TO velocity_api;
GRANT EXECUTE ON FUNCTION platform.ddl_redefine_column(text, text, text, text, text, jsonb) TO velocity_api;
