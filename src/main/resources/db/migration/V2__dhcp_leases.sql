-- DHCP leases of the full server. Written for H2 and PostgreSQL alike.
--
-- One row per address that was ever handed out or quarantined. The constraints are what keep an
-- address from going to two clients, also with two appliances on one database: the primary key
-- allows one row per address, and the unique MAC allows one lease per client (quarantined rows have
-- no MAC; NULLs do not collide). A claim is one transaction that takes a row over only when it is
-- the client's own or has expired; whoever loses the race gets a constraint violation or updates
-- no row, and tries another address.

CREATE TABLE dhcp_lease (
    -- The address as an unsigned 32-bit number: range scans for free addresses use the key.
    ip_num BIGINT PRIMARY KEY,
    -- The same address as a dotted quad, for people and API filters.
    ip VARCHAR(15) NOT NULL,
    mac VARCHAR(17),
    -- OFFERED, BOUND, RELEASED or QUARANTINED (DHCPDECLINE; then mac is NULL).
    state VARCHAR(12) NOT NULL,
    -- The lease (or the quarantine) ends here; an expired row no longer blocks the address.
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT dhcp_lease_mac_uq UNIQUE (mac)
);
-- Reuse of expired addresses picks the one that expired longest ago.
CREATE INDEX dhcp_lease_expires_idx ON dhcp_lease(expires_at);
CREATE INDEX dhcp_lease_ip_idx ON dhcp_lease(ip);
