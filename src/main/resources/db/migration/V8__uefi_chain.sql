-- Which loader chain x86-64 UEFI machines get (IPXE or SECURE_BOOT), chosen per host and per
-- profile; NULL means "decided elsewhere" (labels, then the profile, then the configured default).
alter table host add column uefi_chain varchar(16);
alter table profile add column uefi_chain varchar(16);
