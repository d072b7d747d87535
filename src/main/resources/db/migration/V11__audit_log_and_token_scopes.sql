-- The audit log: every change made through the API or the dashboard, and every login, logout and
-- failed login, written in the same transaction as the change it describes.
-- Written for H2 and PostgreSQL alike.

CREATE SEQUENCE audit_entry_SEQ START WITH 1 INCREMENT BY 50;

CREATE TABLE audit_entry (
    id BIGINT PRIMARY KEY,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    -- a dashboard user name, an API token name, or "system"
    actor VARCHAR(128) NOT NULL,
    -- user, token or system
    actor_kind VARCHAR(16) NOT NULL,
    -- the client address as the HTTP server sees it (behind a trusted proxy: the forwarded one)
    address VARCHAR(64),
    -- create, update, delete, login, login-failed, logout ...
    action VARCHAR(32) NOT NULL,
    -- host, profile, token, user, settings, dhcp, image, session
    entity_type VARCHAR(32) NOT NULL,
    entity_id VARCHAR(256),
    -- what changed: "field: before -> after; ..."
    summary VARCHAR(4000) NOT NULL
);
CREATE INDEX audit_entry_occurred_idx ON audit_entry(occurred_at);
CREATE INDEX audit_entry_actor_idx ON audit_entry(actor, occurred_at);
CREATE INDEX audit_entry_entity_idx ON audit_entry(entity_type, entity_id, occurred_at);

-- Tokens made before scopes existed could change everything: they stay admin tokens.
ALTER TABLE api_token ADD COLUMN scope VARCHAR(16) DEFAULT 'ADMIN' NOT NULL;
