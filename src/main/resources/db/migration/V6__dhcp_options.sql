-- DHCP options per host (a JSON array of {"option","type","value","always"}), and room for the
-- subnets' own options in the stored DHCP settings. Written for H2 and PostgreSQL alike.

ALTER TABLE host ADD COLUMN dhcp_options VARCHAR(8000);
ALTER TABLE setting ALTER COLUMN setting_value SET DATA TYPE VARCHAR(65536);
