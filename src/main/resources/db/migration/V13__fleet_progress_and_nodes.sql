-- Boot progress and the list of appliances, shared by every node on the database. Written for H2
-- and PostgreSQL alike.

-- One row per machine: the boot it is in, as every node together saw it. A boot starts at the
-- first DHCP request any node saw; the config a node served names the boot's last file; the node
-- that served that file ends the boot (finished_at), times it, and ends its one-shot grace, and the
-- other nodes read that here. changed_at is the database's own clock, so the nodes read what
-- changed since their last look whatever their clocks say.
CREATE TABLE boot_progress (
    mac VARCHAR(17) PRIMARY KEY,
    started_at TIMESTAMP WITH TIME ZONE NOT NULL,
    profile_name VARCHAR(64),
    last_file VARCHAR(1024),
    configured_at TIMESTAMP WITH TIME ZONE,
    finished_at TIMESTAMP WITH TIME ZONE,
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    node VARCHAR(64) NOT NULL
);
CREATE INDEX boot_progress_changed_idx ON boot_progress(changed_at);

INSERT INTO store_change (area, version) VALUES ('BOOTS', 0);

-- Every appliance on the database says every few seconds that it is up and what it serves, so any
-- node's overview lists the whole fleet. A service's state is off, running or stopped (switched
-- on but not listening).
CREATE TABLE fleet_node (
    node VARCHAR(64) PRIMARY KEY,
    address VARCHAR(45) NOT NULL,
    http_base VARCHAR(256) NOT NULL,
    started_at TIMESTAMP WITH TIME ZONE NOT NULL,
    seen_at TIMESTAMP WITH TIME ZONE NOT NULL,
    dhcp VARCHAR(16) NOT NULL,
    tftp VARCHAR(16) NOT NULL,
    http VARCHAR(16) NOT NULL,
    nbd VARCHAR(16) NOT NULL
);
