-- pgbench script (b): the same "naive" audited write as records-one-chain.sql, spread over TEN
-- chains: each transaction appends to chain '@CHAIN@#k' with k random in 1..10, so up to ten
-- transactions can hold a chain head at once. Each head row is still locked until COMMIT.
--
-- A template, filled and run by PgbenchComparison (see records-one-chain.sql).
\set n random(1, 1000000000)
\set chain random(1, 10)
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
CALL platform.audit_insert('@CHAIN@#' || :chain::int, '@ACTOR@', 'record.create', '@CHAIN@/' || :rid::text,
    'success', NULL, 'pgbench-' || :n::bigint, '127.0.0.1',
    jsonb_build_object('id', :rid::text, 'version', :rver::bigint,
                       'fields', jsonb_build_array('po_number', 'amount', 'currency', 'credit_card')));
END;
