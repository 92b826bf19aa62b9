-- The schema registry and the DDL gateway.
--
-- velocity_api has no CREATE anywhere. Record types are created through the functions below:
-- SECURITY DEFINER (they run as velocity_owner), callable by velocity_api, each performing one
-- whitelisted operation. They derive every identifier from the schema path themselves, validate it,
-- quote it with format('%I'), and take column types from a fixed list, so no caller-supplied text
-- ever reaches the DDL unquoted.

CREATE TABLE platform.schema_definitions (
    schema_path text        PRIMARY KEY,
    namespace   text        NOT NULL,
    domain      text        NOT NULL,
    subdomain   text        NOT NULL,
    name        text        NOT NULL,
    version     text        NOT NULL,
    manifest    jsonb       NOT NULL,
    spec_hash   text        NOT NULL CHECK (spec_hash ~ '^[0-9a-f]{64}$'),
    generation  integer     NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text        NOT NULL
);

CREATE TABLE platform.schema_history (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    schema_path text        NOT NULL REFERENCES platform.schema_definitions (schema_path),
    generation  integer     NOT NULL,
    manifest    jsonb       NOT NULL,
    changes     jsonb       NOT NULL DEFAULT '[]'::jsonb,
    migrations  jsonb       NOT NULL DEFAULT '[]'::jsonb,
    applied_at  timestamptz NOT NULL DEFAULT now(),
    applied_by  text        NOT NULL,
    UNIQUE (schema_path, generation)
);

-- Which (namespace, domain, subdomain) owns a PostgreSQL schema name. Hyphens become underscores,
-- so 'acme-x'/'y' and 'acme'/'x-y' would both map to acme_x_y: the first one keeps it, the second
-- is refused instead of sharing another tenant's schema.
CREATE TABLE platform.pg_schema_owners (
    pg_schema text PRIMARY KEY,
    namespace text NOT NULL,
    domain    text NOT NULL,
    subdomain text NOT NULL
);

GRANT SELECT, INSERT, UPDATE ON platform.schema_definitions TO velocity_api;
GRANT SELECT, INSERT ON platform.schema_history TO velocity_api;

CREATE FUNCTION platform.ddl_require(p_ok boolean, p_message text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF p_ok IS NOT TRUE THEN
        RAISE EXCEPTION 'DDL gateway refused: %', p_message USING ERRCODE = 'VG001';
    END IF;
END
$$;

-- The fixed type list (CONTRACT.md §1) and its PostgreSQL mapping.
CREATE FUNCTION platform.ddl_column_definition(p_col jsonb) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_name     text := p_col ->> 'name';
    v_type     text := p_col ->> 'type';
    v_required boolean := coalesce((p_col ->> 'required')::boolean, false);
    v_max      bigint;
    v_sql      text;
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
    IF v_required THEN
        v_sql := v_sql || ' NOT NULL';
    END IF;
    RETURN v_sql;
END
$$;

-- Derives and checks the PostgreSQL names of a record type from its path segments.
CREATE FUNCTION platform.ddl_names(
        p_namespace text, p_domain text, p_subdomain text, p_name text, p_version text,
        OUT schema_path text, OUT pg_schema text, OUT pg_table text, OUT pg_outbox text, OUT pg_role text)
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM platform.ddl_require(p_namespace ~ '^[a-z][a-z0-9-]{0,62}$', 'bad namespace');
    PERFORM platform.ddl_require(p_domain ~ '^[a-z][a-z0-9-]{0,62}$', 'bad domain');
    PERFORM platform.ddl_require(p_subdomain ~ '^[a-z][a-z0-9-]{0,62}$', 'bad subdomain');
    PERFORM platform.ddl_require(p_name ~ '^[a-z][a-z0-9-]{0,62}$', 'bad name');
    PERFORM platform.ddl_require(p_version ~ '^v[1-9][0-9]{0,5}$', 'bad version');
    schema_path := concat_ws('/', p_namespace, p_domain, p_subdomain, p_name, p_version);
    pg_schema := replace(p_namespace || '_' || p_domain || '_' || p_subdomain, '-', '_');
    pg_table := replace(p_name, '-', '_') || '_' || p_version;
    pg_outbox := pg_table || '_outbox';
    pg_role := pg_schema || '_role';
    PERFORM platform.ddl_require(octet_length(pg_role) <= 63 AND octet_length(pg_outbox) <= 63,
        'derived identifier longer than 63 bytes');
    PERFORM platform.ddl_require(pg_schema !~ '^(pg_|platform$|public$|information_schema$)',
        'reserved schema name');
END
$$;

-- Creates a record type: domain schema and role (if new), record table, outbox table, row-level
-- security (enabled and forced) with one policy per verb, and the domain role's grants.
CREATE FUNCTION platform.ddl_create_record_type(
        p_namespace text, p_domain text, p_subdomain text, p_name text, p_version text,
        p_columns jsonb)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n       record;
    v_owner platform.pg_schema_owners%ROWTYPE;
    v_cols  text := '';
    v_col   jsonb;
    v_read  text;
    v_write text;
BEGIN
    n := platform.ddl_names(p_namespace, p_domain, p_subdomain, p_name, p_version);
    PERFORM platform.ddl_require(jsonb_typeof(p_columns) = 'array'
        AND jsonb_array_length(p_columns) BETWEEN 1 AND 200, 'between 1 and 200 columns');

    INSERT INTO platform.pg_schema_owners (pg_schema, namespace, domain, subdomain)
        VALUES (n.pg_schema, p_namespace, p_domain, p_subdomain)
        ON CONFLICT (pg_schema) DO NOTHING;
    SELECT * INTO v_owner FROM platform.pg_schema_owners WHERE pg_schema = n.pg_schema;
    PERFORM platform.ddl_require(v_owner.namespace = p_namespace AND v_owner.domain = p_domain
        AND v_owner.subdomain = p_subdomain,
        'schema name ' || n.pg_schema || ' already belongs to another namespace/domain/subdomain');
    PERFORM platform.ddl_require(to_regclass(format('%I.%I', n.pg_schema, n.pg_table)) IS NULL,
        'record table already exists');

    FOR v_col IN SELECT * FROM jsonb_array_elements(p_columns) LOOP
        v_cols := v_cols || ', ' || platform.ddl_column_definition(v_col);
    END LOOP;

    EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I', n.pg_schema);
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = n.pg_role) THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE', n.pg_role);
    END IF;
    EXECUTE format('GRANT %I TO velocity_api', n.pg_role);
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', n.pg_schema, n.pg_role);

    EXECUTE format('CREATE TABLE %I.%I ('
        || 'id uuid PRIMARY KEY DEFAULT gen_random_uuid(), '
        || 'version bigint NOT NULL DEFAULT 1 CHECK (version > 0), '
        || 'created_at timestamptz NOT NULL DEFAULT now(), '
        || 'updated_at timestamptz NOT NULL DEFAULT now(), '
        || 'created_by text NOT NULL, '
        || 'updated_by text NOT NULL'
        || v_cols || ')', n.pg_schema, n.pg_table);
    EXECUTE format('CREATE INDEX %I ON %I.%I (created_at, id)',
        n.pg_table || '_page', n.pg_schema, n.pg_table);

    EXECUTE format('CREATE TABLE %I.%I ('
        || 'id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, '
        || 'aggregate_id uuid NOT NULL, '
        || 'aggregate_version bigint NOT NULL, '
        || 'event_type text NOT NULL CHECK (event_type IN (''created'', ''updated'', ''deleted'')), '
        || 'payload jsonb NOT NULL, '
        || 'created_at timestamptz NOT NULL DEFAULT now(), '
        || 'published_at timestamptz)', n.pg_schema, n.pg_outbox);
    EXECUTE format('CREATE INDEX %I ON %I.%I (id) WHERE published_at IS NULL',
        n.pg_outbox || '_pending', n.pg_schema, n.pg_outbox);

    EXECUTE format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', n.pg_schema, n.pg_table);
    EXECUTE format('ALTER TABLE %I.%I FORCE ROW LEVEL SECURITY', n.pg_schema, n.pg_table);
    EXECUTE format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', n.pg_schema, n.pg_outbox);
    EXECUTE format('ALTER TABLE %I.%I FORCE ROW LEVEL SECURITY', n.pg_schema, n.pg_outbox);

    EXECUTE format('CREATE POLICY record_read ON %I.%I FOR SELECT '
        || 'USING ((SELECT platform.has_permission(%L, ''read'')))', n.pg_schema, n.pg_table, n.schema_path);
    EXECUTE format('CREATE POLICY record_create ON %I.%I FOR INSERT '
        || 'WITH CHECK ((SELECT platform.has_permission(%L, ''create'')))', n.pg_schema, n.pg_table, n.schema_path);
    EXECUTE format('CREATE POLICY record_update ON %I.%I FOR UPDATE '
        || 'USING ((SELECT platform.has_permission(%L, ''update''))) '
        || 'WITH CHECK ((SELECT platform.has_permission(%L, ''update'')))',
        n.pg_schema, n.pg_table, n.schema_path, n.schema_path);
    EXECUTE format('CREATE POLICY record_delete ON %I.%I FOR DELETE '
        || 'USING ((SELECT platform.has_permission(%L, ''delete'')))', n.pg_schema, n.pg_table, n.schema_path);

    v_write := format('(SELECT platform.has_permission(%1$L, ''create'') '
        || 'OR platform.has_permission(%1$L, ''update'') OR platform.has_permission(%1$L, ''delete''))',
        n.schema_path);
    v_read := '((SELECT platform.current_principal()) = ''system:outbox-relay'')';
    EXECUTE format('CREATE POLICY outbox_append ON %I.%I FOR INSERT WITH CHECK (%s)',
        n.pg_schema, n.pg_outbox, v_write);
    EXECUTE format('CREATE POLICY outbox_relay_read ON %I.%I FOR SELECT USING %s',
        n.pg_schema, n.pg_outbox, v_read);
    EXECUTE format('CREATE POLICY outbox_relay_mark ON %I.%I FOR UPDATE USING %s WITH CHECK %s',
        n.pg_schema, n.pg_outbox, v_read, v_read);

    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I.%I TO %I', n.pg_schema, n.pg_table, n.pg_role);
    EXECUTE format('GRANT SELECT, INSERT ON %I.%I TO %I', n.pg_schema, n.pg_outbox, n.pg_role);
    EXECUTE format('GRANT UPDATE (published_at) ON %I.%I TO %I', n.pg_schema, n.pg_outbox, n.pg_role);
END
$$;

-- Adds one nullable column to an existing record table (the additive change).
CREATE FUNCTION platform.ddl_add_column(
        p_namespace text, p_domain text, p_subdomain text, p_name text, p_version text, p_column jsonb)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n record;
BEGIN
    n := platform.ddl_names(p_namespace, p_domain, p_subdomain, p_name, p_version);
    PERFORM platform.ddl_require(to_regclass(format('%I.%I', n.pg_schema, n.pg_table)) IS NOT NULL,
        'record table does not exist');
    PERFORM platform.ddl_require(NOT coalesce((p_column ->> 'required')::boolean, false),
        'an added column must be optional');
    EXECUTE format('ALTER TABLE %I.%I ADD COLUMN %s', n.pg_schema, n.pg_table,
        platform.ddl_column_definition(p_column));
END
$$;

REVOKE ALL ON FUNCTION platform.ddl_create_record_type(text, text, text, text, text, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION platform.ddl_add_column(text, text, text, text, text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.ddl_create_record_type(text, text, text, text, text, jsonb) TO velocity_api;
GRANT EXECUTE ON FUNCTION platform.ddl_add_column(text, text, text, text, text, jsonb) TO velocity_api;
