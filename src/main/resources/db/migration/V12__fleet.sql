-- Several appliances on one database. Written for H2 and PostgreSQL alike.

-- One counter per area of what boot decisions are read from (dev.bootkeeper.store.StoreChanges):
-- every transaction that changes an area moves its counter before it commits, so a node that
-- missed a notification (PostgreSQL LISTEN/NOTIFY) still sees the change at its next poll.
CREATE TABLE store_change (
    area VARCHAR(16) PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO store_change (area, version) VALUES ('HOSTS', 0);
INSERT INTO store_change (area, version) VALUES ('PROFILES', 0);

-- Which appliance served each step of a boot (bootkeeper.node-name).
ALTER TABLE boot_event ADD COLUMN node VARCHAR(64);

-- The MAC DHCP saw take an address, on whichever node answered: a TFTP or HTTP request that
-- reaches another node is filed under the same machine.
CREATE TABLE client_address (
    address VARCHAR(45) PRIMARY KEY,
    mac VARCHAR(17) NOT NULL,
    seen_at TIMESTAMP WITH TIME ZONE NOT NULL,
    node VARCHAR(64) NOT NULL
);

-- A one-shot next boot being used by the boot in progress: the grace during which every node
-- keeps giving that machine the one-shot profile (dev.bootkeeper.boot.BootService).
CREATE TABLE one_shot_grace (
    mac VARCHAR(17) PRIMARY KEY,
    profile_name VARCHAR(64) NOT NULL,
    until_at TIMESTAMP WITH TIME ZONE NOT NULL
);
