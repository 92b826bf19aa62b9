-- 'system:' principals are the platform's own (bootstrap, outbox relay); policies trust them.
-- No key or binding may ever name one, whatever the application does.
ALTER TABLE platform.api_keys
    ADD CONSTRAINT api_keys_principal_not_system CHECK (principal !~* '^system:');
ALTER TABLE platform.role_bindings
    ADD CONSTRAINT role_bindings_principal_not_system CHECK (principal !~* '^system:');
