-- The inventory: what each machine boots. Written for H2 and PostgreSQL alike.

CREATE SEQUENCE profile_SEQ START WITH 101 INCREMENT BY 50;
CREATE SEQUENCE host_SEQ START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE image_SEQ START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE image_file_SEQ START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE boot_event_SEQ START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE api_token_SEQ START WITH 1 INCREMENT BY 50;

CREATE TABLE profile (
    id BIGINT PRIMARY KEY,
    name VARCHAR(64) NOT NULL UNIQUE,
    description VARCHAR(1000),
    kind VARCHAR(16) NOT NULL,
    kernel VARCHAR(1024),
    cmdline VARCHAR(4000),
    ipxe_script VARCHAR(20000),
    stage3_method VARCHAR(8),
    stage3_image VARCHAR(1024),
    template_pxelinux VARCHAR(20000),
    template_ipxe VARCHAR(20000),
    template_grub VARCHAR(20000),
    selector_priority INT NOT NULL DEFAULT 0,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE profile_initrd (
    profile_id BIGINT NOT NULL REFERENCES profile(id) ON DELETE CASCADE,
    position INT NOT NULL,
    path VARCHAR(1024) NOT NULL,
    PRIMARY KEY (profile_id, position)
);

-- A profile bound to a label set applies to every host whose labels include all of them.
CREATE TABLE profile_selector (
    profile_id BIGINT NOT NULL REFERENCES profile(id) ON DELETE CASCADE,
    label_key VARCHAR(64) NOT NULL,
    label_value VARCHAR(256) NOT NULL,
    PRIMARY KEY (profile_id, label_key)
);

CREATE TABLE host (
    id BIGINT PRIMARY KEY,
    mac VARCHAR(17) NOT NULL UNIQUE,
    hostname VARCHAR(253),
    profile_id BIGINT REFERENCES profile(id),
    next_boot_profile_id BIGINT REFERENCES profile(id),
    uuid VARCHAR(36),
    ip VARCHAR(15),
    notes VARCHAR(4000),
    discovered BOOLEAN NOT NULL DEFAULT FALSE,
    first_seen TIMESTAMP WITH TIME ZONE,
    last_seen TIMESTAMP WITH TIME ZONE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX host_uuid_idx ON host(uuid);
CREATE UNIQUE INDEX host_reserved_ip_uq ON host(ip);

CREATE TABLE host_label (
    host_id BIGINT NOT NULL REFERENCES host(id) ON DELETE CASCADE,
    label_key VARCHAR(64) NOT NULL,
    label_value VARCHAR(256) NOT NULL,
    PRIMARY KEY (host_id, label_key)
);

CREATE TABLE image (
    id BIGINT PRIMARY KEY,
    name VARCHAR(255) NOT NULL UNIQUE,
    scanned_at TIMESTAMP WITH TIME ZONE
);

CREATE TABLE image_file (
    id BIGINT PRIMARY KEY,
    image_id BIGINT NOT NULL REFERENCES image(id) ON DELETE CASCADE,
    path VARCHAR(1024) NOT NULL,
    size BIGINT NOT NULL,
    modified_at TIMESTAMP WITH TIME ZONE NOT NULL,
    sha256 VARCHAR(64) NOT NULL,
    sha512 VARCHAR(128) NOT NULL,
    UNIQUE (image_id, path)
);

CREATE TABLE boot_event (
    id BIGINT PRIMARY KEY,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    mac VARCHAR(17),
    ip VARCHAR(45),
    uuid VARCHAR(36),
    protocol VARCHAR(8) NOT NULL,
    step VARCHAR(64) NOT NULL,
    detail VARCHAR(2000),
    outcome VARCHAR(8) NOT NULL
);
CREATE INDEX boot_event_mac_at_idx ON boot_event(mac, occurred_at);
CREATE INDEX boot_event_at_idx ON boot_event(occurred_at);

CREATE TABLE setting (
    name VARCHAR(64) PRIMARY KEY,
    setting_value VARCHAR(4000) NOT NULL
);

CREATE TABLE api_token (
    id BIGINT PRIMARY KEY,
    name VARCHAR(64) NOT NULL UNIQUE,
    token_hash VARCHAR(64) NOT NULL UNIQUE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Out of the box a machine nobody has configured boots from its local disk: a network-boot
-- appliance must never take over a machine it was not told about.
INSERT INTO profile (id, name, description, kind, selector_priority, created_at, updated_at)
VALUES (1, 'local-disk', 'Boot from the local disk (the default for unknown machines)', 'LOCAL', 0,
        CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);
