-- Compliance packs enabled per organisation, and the waivers that excuse a failing control (issue 8).
-- Shipped packs (SOC 2, HIPAA, PCI DSS, GDPR, ISO 27001) live in the server's code; this table holds
-- what an organisation applied: its own controls, or a reference to a shipped pack, or both.

CREATE TABLE platform.compliance_packs (
    namespace  text        NOT NULL CHECK (namespace ~ '^[a-z][a-z0-9-]{0,62}$'),
    name       text        NOT NULL CHECK (name ~ '^[a-z][a-z0-9-]{0,62}$'),
    manifest   jsonb       NOT NULL,
    spec_hash  text        NOT NULL CHECK (spec_hash ~ '^[0-9a-f]{64}$'),
    generation integer     NOT NULL DEFAULT 1 CHECK (generation > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text        NOT NULL,
    PRIMARY KEY (namespace, name)
);

-- A waiver excuses one control of one pack on the schemas under one path prefix, until it expires
-- (at most a year after it was granted) or is revoked. It needs a justification; it is never
-- deleted, and only its revocation columns change, once.
CREATE TABLE platform.compliance_waivers (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    namespace     text        NOT NULL CHECK (namespace ~ '^[a-z][a-z0-9-]{0,62}$'),
    pack          text        NOT NULL CHECK (pack ~ '^[a-z][a-z0-9-]{0,62}$'),
    control       text        NOT NULL CHECK (control ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    schema_prefix text        NOT NULL CHECK (schema_prefix
        ~ '^[a-z][a-z0-9-]{0,62}(/[a-z][a-z0-9-]{0,62}){0,3}(/v[1-9][0-9]{0,5})?$'),
    justification text        NOT NULL CHECK (length(btrim(justification)) BETWEEN 20 AND 2000),
    created_by    text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    revoked_at    timestamptz,
    revoked_by    text,
    CHECK (namespace = split_part(schema_prefix, '/', 1)),
    CHECK (expires_at > created_at AND expires_at <= created_at + interval '366 days'),
    CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
CREATE INDEX compliance_waivers_active ON platform.compliance_waivers (namespace, expires_at)
    WHERE revoked_at IS NULL;

CREATE FUNCTION platform.compliance_waivers_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'DELETE' OR OLD.revoked_at IS NOT NULL
       OR (NEW.id, NEW.namespace, NEW.pack, NEW.control, NEW.schema_prefix, NEW.justification, NEW.created_by,
           NEW.created_at, NEW.expires_at)
          IS DISTINCT FROM (OLD.id, OLD.namespace, OLD.pack, OLD.control, OLD.schema_prefix, OLD.justification,
           OLD.created_by, OLD.created_at, OLD.expires_at) THEN
        RAISE EXCEPTION 'a compliance waiver is only ever revoked, once: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER compliance_waivers_guard BEFORE UPDATE OR DELETE ON platform.compliance_waivers
    FOR EACH ROW EXECUTE FUNCTION platform.compliance_waivers_guard();

GRANT SELECT, INSERT, UPDATE, DELETE ON platform.compliance_packs TO velocity_api;
GRANT SELECT, INSERT ON platform.compliance_waivers TO velocity_api;
GRANT UPDATE (revoked_at, revoked_by) ON platform.compliance_waivers TO velocity_api;

-- compliance.manage enables and disables packs; compliance.waive grants and revokes waivers. Both
-- are platform-admin's only: an organisation's schema admin cannot excuse its own schemas.
UPDATE platform.roles SET verbs = verbs || ARRAY['compliance.manage'] WHERE name = 'platform-admin'
    AND NOT ('compliance.manage' = ANY (verbs));
UPDATE platform.roles SET verbs = verbs || ARRAY['compliance.waive'] WHERE name = 'platform-admin'
    AND NOT ('compliance.waive' = ANY (verbs));
