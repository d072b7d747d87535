-- Boot progress shared by every appliance on the database. Written for H2 and PostgreSQL alike.

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
