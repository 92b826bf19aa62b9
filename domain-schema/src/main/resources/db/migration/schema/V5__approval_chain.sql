-- The approval chain for protected namespaces (issue 8): a schema change is submitted by its
-- author, approved or rejected by a reviewer, applied by an admin — three distinct principals.
-- The server enforces the chain; this table enforces it again, so that not even a bug in the
-- server can record two steps by one principal, a step in another principal's name, a skipped
-- step or an edited manifest:
--   * CHECK constraints: the reviewer is not the author, the applier is neither (names compared
--     case-insensitively), and the recorded steps match the status;
--   * a trigger: every step is recorded under the transaction's own principal
--     (platform.current_principal(), the one row-level security uses), only
--     pending → approved | rejected and approved → applied happen, what was submitted never
--     changes, and nothing is deleted;
--   * grants: velocity_api inserts only the submission's columns (a row is born pending) and
--     updates only the step columns.

CREATE TABLE platform.schema_changes (
    id                 uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    seq                bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
    schema_path        text        NOT NULL
        CHECK (schema_path ~ '^[a-z][a-z0-9-]{0,62}(/[a-z][a-z0-9-]{0,62}){3}/v[1-9][0-9]{0,5}$'),
    status             text        NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'approved', 'rejected', 'applied')),
    manifest           text        NOT NULL,
    spec_hash          text        NOT NULL CHECK (spec_hash ~ '^[0-9a-f]{64}$'),
    base_generation    integer     CHECK (base_generation > 0),
    changes            jsonb       NOT NULL CHECK (jsonb_typeof(changes) = 'array'),
    breaking           boolean     NOT NULL,
    submitted_by       text        NOT NULL CHECK (submitted_by <> ''),
    submitted_at       timestamptz NOT NULL DEFAULT now(),
    reviewed_by        text,
    reviewed_at        timestamptz,
    review_reason      text        CHECK (length(review_reason) <= 2000),
    applied_by         text,
    applied_at         timestamptz,
    applied_generation integer,
    CONSTRAINT schema_changes_reviewer_is_not_author CHECK (lower(reviewed_by) <> lower(submitted_by)),
    CONSTRAINT schema_changes_applier_is_not_author CHECK (lower(applied_by) <> lower(submitted_by)),
    CONSTRAINT schema_changes_applier_is_not_reviewer CHECK (lower(applied_by) <> lower(reviewed_by)),
    CONSTRAINT schema_changes_steps_match_status CHECK (CASE status
        WHEN 'pending' THEN reviewed_by IS NULL AND reviewed_at IS NULL AND review_reason IS NULL
            AND applied_by IS NULL AND applied_at IS NULL AND applied_generation IS NULL
        WHEN 'approved' THEN reviewed_by IS NOT NULL AND reviewed_at IS NOT NULL
            AND applied_by IS NULL AND applied_at IS NULL AND applied_generation IS NULL
        WHEN 'rejected' THEN reviewed_by IS NOT NULL AND reviewed_at IS NOT NULL AND review_reason IS NOT NULL
            AND applied_by IS NULL AND applied_at IS NULL AND applied_generation IS NULL
        ELSE reviewed_by IS NOT NULL AND reviewed_at IS NOT NULL
            AND applied_by IS NOT NULL AND applied_at IS NOT NULL AND applied_generation IS NOT NULL
    END)
);
CREATE INDEX schema_changes_status ON platform.schema_changes (status, seq);
CREATE INDEX schema_changes_path ON platform.schema_changes (schema_path, seq);

CREATE FUNCTION platform.schema_changes_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_principal text := platform.current_principal();
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'schema change %: the approval chain keeps every change', OLD.id USING ERRCODE = 'VA001';
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.status <> 'pending' OR v_principal IS NULL OR NEW.submitted_by IS DISTINCT FROM v_principal THEN
            RAISE EXCEPTION 'schema change: a change is submitted pending, by the transaction''s own principal'
                USING ERRCODE = 'VA002';
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.id <> OLD.id OR NEW.seq <> OLD.seq OR NEW.schema_path <> OLD.schema_path
            OR NEW.manifest <> OLD.manifest OR NEW.spec_hash <> OLD.spec_hash
            OR NEW.base_generation IS DISTINCT FROM OLD.base_generation OR NEW.changes <> OLD.changes
            OR NEW.breaking <> OLD.breaking OR NEW.submitted_by <> OLD.submitted_by
            OR NEW.submitted_at <> OLD.submitted_at THEN
        RAISE EXCEPTION 'schema change %: what was submitted cannot be edited', OLD.id USING ERRCODE = 'VA003';
    END IF;
    IF OLD.status = 'pending' AND NEW.status IN ('approved', 'rejected') THEN
        IF v_principal IS NULL OR NEW.reviewed_by IS DISTINCT FROM v_principal THEN
            RAISE EXCEPTION 'schema change %: a review is recorded under the reviewing principal', OLD.id
                USING ERRCODE = 'VA004';
        END IF;
    ELSIF OLD.status = 'approved' AND NEW.status = 'applied' THEN
        IF NEW.reviewed_by IS DISTINCT FROM OLD.reviewed_by OR NEW.reviewed_at IS DISTINCT FROM OLD.reviewed_at
                OR NEW.review_reason IS DISTINCT FROM OLD.review_reason THEN
            RAISE EXCEPTION 'schema change %: the review cannot be edited', OLD.id USING ERRCODE = 'VA003';
        END IF;
        IF v_principal IS NULL OR NEW.applied_by IS DISTINCT FROM v_principal THEN
            RAISE EXCEPTION 'schema change %: an apply is recorded under the applying principal', OLD.id
                USING ERRCODE = 'VA004';
        END IF;
    ELSE
        RAISE EXCEPTION 'schema change %: % → % is not a step of the approval chain', OLD.id, OLD.status,
            NEW.status USING ERRCODE = 'VA005';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER schema_changes_guard
    BEFORE INSERT OR UPDATE OR DELETE ON platform.schema_changes
    FOR EACH ROW EXECUTE FUNCTION platform.schema_changes_guard();

GRANT SELECT ON platform.schema_changes TO velocity_api;
GRANT INSERT (schema_path, manifest, spec_hash, base_generation, changes, breaking, submitted_by)
    ON platform.schema_changes TO velocity_api;
GRANT UPDATE (status, reviewed_by, reviewed_at, review_reason, applied_by, applied_at, applied_generation)
    ON platform.schema_changes TO velocity_api;

-- schema.review: approve or reject a submitted change on the bound paths (never one's own). The
-- reviewer role was created for this ("Reviews schema changes"); platform-admin holds every verb.
-- schema-admin does not: the principal who applies is not the one who reviews.
UPDATE platform.roles SET verbs = verbs || ARRAY['schema.review'] WHERE name IN ('reviewer', 'platform-admin')
    AND NOT ('schema.review' = ANY (verbs));
