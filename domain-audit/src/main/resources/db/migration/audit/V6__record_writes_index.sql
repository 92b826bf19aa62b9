-- The console dashboard's write-volume chart counts successful record writes per minute over the
-- last hour on the chains a principal may audit (AuditQueries.recordWritesPerMinute). This partial
-- index holds only those events, ordered by chain and time, so the count reads the hour's writes of
-- those chains and nothing else, however large the log. Created on the partitioned parent, it is
-- built on every existing partition and created with each new one (audit_ensure_partition).
CREATE INDEX audit_log_record_writes ON platform.audit_log (chain, created_at)
    WHERE result = 'success'
      AND operation IN ('record.create', 'record.update', 'record.delete', 'record.erase');
