-- audit_link keeps its plans. PL/pgSQL caches each statement's plan per connection, but the plan
-- cache chose a custom plan (planned again on every call) for the statements that take the pass's
-- id arrays and chain as parameters. Under 16 concurrent HTTP writers on a 2-core machine
-- (pg_stat_statements with track = all and track_planning, docs/benchmarks.md, session 10) every
-- pass planned its queue DELETE, both DISTINCTs, the canonical SELECT and the audit_log INSERT
-- again: 1.0 ms of planning in a pass of 3.4 ms; with generic plans a pass took 1.7 ms.
--
-- A generic plan is made once and kept until the table's statistics change. Made while the queue
-- holds a handful of rows it would be a sequential scan (and a hash join for the INSERT), kept while
-- dead rows pile up between vacuums or a backlog builds. The queue is only ever read by primary
-- key, so sequential scans are off inside the pass: every plan of it is an index scan on
-- audit_pending's primary key (checked with EXPLAIN on a freshly vacuumed queue of 11 rows).
ALTER FUNCTION platform.audit_link(integer) SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION platform.audit_link(integer) SET enable_seqscan = off;
