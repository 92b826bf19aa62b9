-- Tier 2 search (issue 7): a record table's search fields become one generated tsvector column,
-- search_vector, with a GIN index. 'simple' configuration: no stemming and no stop words, so it
-- works the same for every language and never drops a term a user typed. Set through the gateway
-- like every other DDL; the server calls it when a record type is created and whenever its search
-- fields change (and clears it around column changes that touch a searched column, which PostgreSQL
-- would otherwise refuse because the generated column depends on it).

CREATE FUNCTION platform.ddl_set_search(
        p_namespace text, p_domain text, p_subdomain text, p_name text, p_version text, p_fields jsonb)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t      regclass := platform.ddl_record_table(p_namespace, p_domain, p_subdomain, p_name, p_version);
    v_rel  text;
    v_expr text := '';
    v_col  text;
    v_type regtype;
BEGIN
    PERFORM platform.ddl_require(jsonb_typeof(p_fields) = 'array' AND jsonb_array_length(p_fields) <= 32,
        'at most 32 search fields');
    SELECT relname INTO v_rel FROM pg_class WHERE oid = t;
    EXECUTE format('ALTER TABLE %s DROP COLUMN IF EXISTS search_vector', t);
    IF jsonb_array_length(p_fields) = 0 THEN
        RETURN;
    END IF;
    FOR v_col IN SELECT jsonb_array_elements_text(p_fields) LOOP
        PERFORM platform.ddl_user_column(t, v_col);
        SELECT atttypid::regtype INTO v_type FROM pg_attribute
            WHERE attrelid = t AND attname = v_col AND attnum > 0 AND NOT attisdropped;
        PERFORM platform.ddl_require(v_type IN ('text'::regtype, 'character varying'::regtype),
            'search field ' || v_col || ' is not textual');
        v_expr := v_expr || CASE WHEN v_expr = '' THEN '' ELSE ' || '' '' || ' END
            || format('coalesce(%I, '''')', v_col);
    END LOOP;
    EXECUTE format('ALTER TABLE %s ADD COLUMN search_vector tsvector '
                   'GENERATED ALWAYS AS (to_tsvector(''simple''::regconfig, %s)) STORED', t, v_expr);
    EXECUTE format('CREATE INDEX %I ON %s USING gin (search_vector)', left(v_rel, 55) || '_search', t);
END
$$;

REVOKE ALL ON FUNCTION platform.ddl_set_search(text, text, text, text, text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.ddl_set_search(text, text, text, text, text, jsonb) TO velocity_api;

-- Record types applied before this migration get their search column now, from the fields their
-- stored manifest lists, leaving out any masked or pii/phi/pci/secret field (which admission now
-- refuses as a search field).
DO $$
DECLARE
    r        record;
    v_fields jsonb;
BEGIN
    FOR r IN SELECT namespace, domain, subdomain, name, version, manifest FROM platform.schema_definitions LOOP
        SELECT coalesce(jsonb_agg(sf), '[]'::jsonb) INTO v_fields
            FROM jsonb_array_elements_text(coalesce(r.manifest #> '{spec,search,fields}', '[]'::jsonb)) sf
            WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements(r.manifest #> '{spec,fields}') f
                              WHERE f ->> 'name' = sf
                                AND (f ->> 'sensitivity' IN ('pii', 'phi', 'pci', 'secret') OR f ? 'masking'));
        IF jsonb_array_length(v_fields) > 0 THEN
            PERFORM platform.ddl_set_search(r.namespace, r.domain, r.subdomain, r.name, r.version, v_fields);
        END IF;
    END LOOP;
END
$$;
