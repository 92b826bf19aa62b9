-- pgbench script (d): the audited write on ONE chain as the server does it since audit V7.
-- One transaction: the record row, its outbox row, and platform.audit_append, which only queues the
-- event; the transaction never touches the chain head. The running server links the queued events
-- into the chain after they commit, a batch at a time (its one-second timer; platform.audit_link),
-- so the head is locked once per batch, not once per transaction
-- (docs/adr/0017-audit-events-linked-after-commit.md). Compare with (a). The benchmark waits for
-- the queue to drain after the run and reports how long that took.
--
-- A template, filled like records-one-chain.sql.
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
CALL platform.audit_append('@CHAIN@', '@ACTOR@', 'record.create', '@CHAIN@/' || :rid::text, 'success',
    NULL, 'pgbench-' || :n::bigint, '127.0.0.1',
    jsonb_build_object('id', :rid::text, 'version', :rver::bigint,
                       'fields', jsonb_build_array('po_number', 'amount', 'currency', 'credit_card')));
END;
