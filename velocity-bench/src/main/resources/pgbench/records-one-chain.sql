-- pgbench script (a): the "naive" audited write on ONE chain.
-- One transaction: the record row, its outbox row, and platform.audit_insert on one chain, whose
-- head row stays locked (SELECT … FOR UPDATE inside audit_insert) until COMMIT, so concurrent
-- transactions on the chain are serialised through their commit.
--
-- A template: PgbenchComparison replaces @RECORD_TABLE@, @OUTBOX_TABLE@ (quoted identifiers of a
-- record type created through the API, so the table has the real shape), @CHAIN@ and @ACTOR@ (SQL
-- string-literal contents), writes the result under velocity-bench/target/pgbench/ and runs it
-- with pgbench -n -M prepared as a superuser (who bypasses row-level security).
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
CALL platform.audit_insert('@CHAIN@', '@ACTOR@', 'record.create', '@CHAIN@/' || :rid::text, 'success',
    NULL, 'pgbench-' || :n::bigint, '127.0.0.1',
    jsonb_build_object('id', :rid::text, 'version', :rver::bigint,
                       'fields', jsonb_build_array('po_number', 'amount', 'currency', 'credit_card')));
END;
