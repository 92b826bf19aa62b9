-- pgbench script (c): record row + outbox row in one transaction, WITHOUT the audit insert: the
-- ceiling the audit chain is measured against.
--
-- A template, filled and run by PgbenchComparison (see records-one-chain.sql).
\set n random(1, 1000000000)
BEGIN;
SELECT set_config('velocity.principal', '@ACTOR@', true);
INSERT INTO @RECORD_TABLE@ (created_by, updated_by, po_number, amount, currency, credit_card)
    VALUES ('@ACTOR@', '@ACTOR@', 'PO-' || :n::bigint, (:n::bigint % 100000) / 100.0 + 0.01, 'USD',
            '4111111111111111')
    RETURNING id AS rid, version AS rver \gset
INSERT INTO @OUTBOX_TABLE@ (aggregate_id, aggregate_version, event_type, payload)
    VALUES (:rid::uuid, :rver::bigint, 'created',
            jsonb_build_object('id', :rid::text, 'version', :rver::bigint, 'po_number', 'PO-' || :n::bigint,
                               'amount', (:n::bigint % 100000) / 100.0 + 0.01, 'currency', 'USD',
                               'notes', NULL, 'credit_card', '************1111'));
END;
