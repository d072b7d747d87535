-- The dashboard: people who log in, their sessions, and the history of every profile change.
-- Written for H2 and PostgreSQL alike.

CREATE SEQUENCE app_user_SEQ START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE profile_version_SEQ START WITH 1 INCREMENT BY 50;

CREATE TABLE app_user (
    id BIGINT PRIMARY KEY,
    username VARCHAR(64) NOT NULL UNIQUE,
    -- pbkdf2-sha256$<iterations>$<salt, base64>$<key, base64>
    password_hash VARCHAR(256) NOT NULL,
    role VARCHAR(16) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- A logged-in browser. The id is the SHA-256 of the cookie value, so a copy of this table
-- does not let anyone in. Kept in the database so that several nodes share the sessions.
CREATE TABLE user_session (
    id VARCHAR(64) PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
    csrf_token VARCHAR(64) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX user_session_expires_idx ON user_session(expires_at);

-- Every saved state of a profile, through the dashboard or the API.
CREATE TABLE profile_version (
    id BIGINT PRIMARY KEY,
    profile_name VARCHAR(64) NOT NULL,
    version INT NOT NULL,
    snapshot VARCHAR(100000) NOT NULL,
    author VARCHAR(64) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    UNIQUE (profile_name, version)
);

-- The host list filters and sorts on these with thousands of machines.
CREATE INDEX host_last_seen_idx ON host(last_seen);
CREATE INDEX host_discovered_idx ON host(discovered, last_seen);
CREATE INDEX host_hostname_idx ON host(hostname);
CREATE INDEX host_profile_idx ON host(profile_id);
CREATE INDEX host_label_kv_idx ON host_label(label_key, label_value);
