-- Field encryption at rest (issue 8). A field of sensitivity phi, pci or secret is stored as
-- ciphertext whatever its declared type: its column is text, and a CHECK constraint admits only
-- the ciphertext format ('vfe1.<key version>.<base64url nonce ‖ ciphertext ‖ tag>'), so no code
-- path, however wrong, can write such a value in clear. The server says which columns are
-- encrypted ("encrypted": true in the column description); the gateway keeps them text.
--
-- Also: a check that a column holds no value (before an encrypted column is renamed, retyped or
-- decrypted, which would make its ciphertext unreadable), and the row-level security policies that
-- let the key-rotation worker ('system:key-rotation') re-encrypt every record of a table.

CREATE OR REPLACE FUNCTION platform.ddl_ciphertext_pattern() RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT '^vfe1\.[1-9][0-9]{0,8}\.[A-Za-z0-9_-]{38,}$'::text $$;

-- As in V1, plus "encrypted": true → a text column that accepts only ciphertext.
CREATE OR REPLACE FUNCTION platform.ddl_column_definition(p_col jsonb) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_name      text := p_col ->> 'name';
    v_type      text := p_col ->> 'type';
    v_required  boolean := coalesce((p_col ->> 'required')::boolean, false);
    v_encrypted boolean := coalesce((p_col ->> 'encrypted')::boolean, false);
    v_max       bigint;
    v_sql       text;
BEGIN
    PERFORM platform.ddl_require(v_name ~ '^[a-z][a-z0-9_]{0,62}$', 'bad column name');
    PERFORM platform.ddl_require(v_name NOT IN ('id', 'version', 'created_at', 'updated_at',
        'created_by', 'updated_by', 'search_vector', 'tenant')
        AND v_name !~ '^(pg_|velocity_)', 'reserved column name ' || v_name);
    IF v_type IN ('string', 'text') THEN
        PERFORM platform.ddl_require(jsonb_typeof(p_col -> 'maxLength') = 'number',
            'column ' || v_name || ' needs maxLength');
        v_max := (p_col ->> 'maxLength')::bigint;
        PERFORM platform.ddl_require(v_max BETWEEN 1 AND 10485760, 'maxLength out of range');
    END IF;
    v_sql := format('%I ', v_name) || CASE v_type
        WHEN 'string'    THEN format('varchar(%s)', v_max)
        WHEN 'text'      THEN format('text CHECK (char_length(%I) <= %s)', v_name, v_max)
        WHEN 'integer'   THEN 'bigint'
        WHEN 'decimal'   THEN 'numeric'
        WHEN 'boolean'   THEN 'boolean'
        WHEN 'date'      THEN 'date'
        WHEN 'timestamp' THEN 'timestamptz'
        WHEN 'uuid'      THEN 'uuid'
    END;
    PERFORM platform.ddl_require(v_sql IS NOT NULL, 'unknown column type');
    IF v_encrypted THEN
        v_sql := format('%I text CHECK (%I ~ %L)', v_name, v_name, platform.ddl_ciphertext_pattern());
    END IF;
    IF v_required THEN
        v_sql := v_sql || ' NOT NULL';
    END IF;
    RETURN v_sql;
END
$$;

-- Refuses (SQLSTATE VG002) when any row of the record table has a value in p_column. Row-level
-- security hides rows from velocity_owner too, so emptiness is proven by a constraint, whose
-- validation sees every row, added and dropped again in the same transaction.
CREATE FUNCTION platform.ddl_require_no_values(
        p_namespace text, p_domain text, p_subdomain text, p_name text, p_version text, p_column text)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t regclass := platform.ddl_record_table(p_namespace, p_domain, p_subdomain, p_name, p_version);
BEGIN
    PERFORM platform.ddl_user_column(t, p_column);
    BEGIN
        EXECUTE format('ALTER TABLE %s ADD CONSTRAINT velocity_no_values CHECK (%I IS NULL)', t, p_column);
    EXCEPTION WHEN check_violation THEN
        RAISE EXCEPTION 'DDL gateway refused: column % holds values', p_column USING ERRCODE = 'VG002';
    END;
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT velocity_no_values', t);
END
$$;

-- As in V2, plus "encrypted": true → the column stays (or becomes) text and accepts only
-- ciphertext. A column that held ciphertext becomes a typed column again only while it is empty
-- (a cast of ciphertext would fail, or worse, truncate it into a wrong value).
CREATE OR REPLACE FUNCTION platform.ddl_redefine_column(
        p_namespace text, p_domain text, p_subdomain text, p_name text, p_version text, p_column jsonb)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t           regclass := platform.ddl_record_table(p_namespace, p_domain, p_subdomain, p_name, p_version);
    v_name      text := p_column ->> 'name';
    v_encrypted boolean := coalesce((p_column ->> 'encrypted')::boolean, false);
    v_def       text;
    v_type      text;
    v_attnum    smallint;
    v_check     record;
BEGIN
    PERFORM platform.ddl_user_column(t, v_name);
    v_def := platform.ddl_column_definition(p_column - 'required');
    v_type := CASE WHEN v_encrypted THEN 'text' ELSE CASE p_column ->> 'type'
        WHEN 'string'    THEN format('varchar(%s)', (p_column ->> 'maxLength')::bigint)
        WHEN 'text'      THEN 'text'
        WHEN 'integer'   THEN 'bigint'
        WHEN 'decimal'   THEN 'numeric'
        WHEN 'boolean'   THEN 'boolean'
        WHEN 'date'      THEN 'date'
        WHEN 'timestamp' THEN 'timestamptz'
        WHEN 'uuid'      THEN 'uuid'
    END END;
    PERFORM platform.ddl_require(v_def IS NOT NULL AND v_type IS NOT NULL, 'unknown column type');
    SELECT attnum INTO v_attnum FROM pg_attribute WHERE attrelid = t AND attname = v_name;
    IF NOT v_encrypted AND EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = t AND c.contype = 'c'
            AND c.conkey = ARRAY[v_attnum] AND pg_get_constraintdef(c.oid) LIKE '%vfe1%') THEN
        PERFORM platform.ddl_require_no_values(p_namespace, p_domain, p_subdomain, p_name, p_version, v_name);
    END IF;
    FOR v_check IN
        SELECT c.conname FROM pg_constraint c
         WHERE c.conrelid = t AND c.contype = 'c' AND c.conkey = ARRAY[v_attnum]
    LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', t, v_check.conname);
    END LOOP;
    EXECUTE format('ALTER TABLE %s ALTER COLUMN %I TYPE %s USING %I::%s', t, v_name, v_type, v_name, v_type);
    IF v_encrypted THEN
        EXECUTE format('ALTER TABLE %s ADD CHECK (%I ~ %L)', t, v_name, platform.ddl_ciphertext_pattern());
    ELSIF p_column ->> 'type' = 'text' THEN
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

-- The key-rotation worker reads and rewrites encrypted columns of every row, whoever may read the
-- records: policies for its own principal, which no key or binding can carry (auth V2).
CREATE FUNCTION platform.ddl_enable_key_rotation(
        p_namespace text, p_domain text, p_subdomain text, p_name text, p_version text)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t      regclass := platform.ddl_record_table(p_namespace, p_domain, p_subdomain, p_name, p_version);
    v_self text := '((SELECT platform.current_principal()) = ''system:key-rotation'')';
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = t AND polname = 'key_rotation_read') THEN
        EXECUTE format('CREATE POLICY key_rotation_read ON %s FOR SELECT USING %s', t, v_self);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = t AND polname = 'key_rotation_write') THEN
        EXECUTE format('CREATE POLICY key_rotation_write ON %s FOR UPDATE USING %s WITH CHECK %s', t, v_self, v_self);
    END IF;
END
$$;

REVOKE ALL ON FUNCTION platform.ddl_require_no_values(text, text, text, text, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION platform.ddl_enable_key_rotation(text, text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.ddl_require_no_values(text, text, text, text, text, text) TO velocity_api;
GRANT EXECUTE ON FUNCTION platform.ddl_enable_key_rotation(text, text, text, text, text) TO velocity_api;

-- Record types applied before this migration: key-rotation policies, and their phi/pci/secret
-- columns become ciphertext columns. Values written in clear before (none in a new deployment)
-- stay until the organisation's next key rotation encrypts them, which is why the constraint is
-- added NOT VALID: it holds for every new write at once.
DO $$
DECLARE
    r      record;
    f      jsonb;
    t      regclass;
    v_att  smallint;
    v_chk  record;
BEGIN
    FOR r IN SELECT namespace, domain, subdomain, name, version, manifest FROM platform.schema_definitions LOOP
        PERFORM platform.ddl_enable_key_rotation(r.namespace, r.domain, r.subdomain, r.name, r.version);
        t := platform.ddl_record_table(r.namespace, r.domain, r.subdomain, r.name, r.version);
        FOR f IN SELECT * FROM jsonb_array_elements(r.manifest #> '{spec,fields}') LOOP
            CONTINUE WHEN coalesce(f ->> 'sensitivity', 'none') NOT IN ('phi', 'pci', 'secret');
            SELECT attnum INTO v_att FROM pg_attribute WHERE attrelid = t AND attname = f ->> 'name'
                AND attnum > 0 AND NOT attisdropped;
            CONTINUE WHEN v_att IS NULL;
            FOR v_chk IN SELECT conname FROM pg_constraint WHERE conrelid = t AND contype = 'c'
                    AND conkey = ARRAY[v_att] LOOP
                EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', t, v_chk.conname);
            END LOOP;
            EXECUTE format('ALTER TABLE %s ALTER COLUMN %I TYPE text USING %I::text', t, f ->> 'name', f ->> 'name');
            EXECUTE format('ALTER TABLE %s ADD CHECK (%I ~ %L) NOT VALID', t, f ->> 'name',
                platform.ddl_ciphertext_pattern());
        END LOOP;
    END LOOP;
END
$$;
