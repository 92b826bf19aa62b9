-- audit.manage (issue 6): set an organisation's audit retention, place and release legal holds,
-- run retention. Only platform-admin has it; an auditor reads and exports but cannot make the log
-- forget anything.
UPDATE platform.roles SET verbs = verbs || ARRAY['audit.manage'] WHERE name = 'platform-admin'
    AND NOT ('audit.manage' = ANY (verbs));
