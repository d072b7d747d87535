-- An ISO in the images directory is an image read in place: its file, its volume label (or why it
-- is not served), and the verdict of the .sha256/.sha512 file published beside it. A mismatch is
-- kept from profiles until an admin accepts it. Written for H2 and PostgreSQL alike.

ALTER TABLE image ADD COLUMN iso_file VARCHAR(1024);
ALTER TABLE image ADD COLUMN volume_label VARCHAR(64);
ALTER TABLE image ADD COLUMN iso_problem VARCHAR(1000);
ALTER TABLE image ADD COLUMN checksum_state VARCHAR(16);
ALTER TABLE image ADD COLUMN checksum_detail VARCHAR(1000);
ALTER TABLE image ADD COLUMN checksum_accepted_sha256 VARCHAR(64);
