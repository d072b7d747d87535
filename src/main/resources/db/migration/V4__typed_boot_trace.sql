-- The boot trace gets types: what a step was (step_type, a BootStep name), why it failed (reason,
-- a FailureReason name) and the facts a protocol knows (file, bytes, duration, profile, firmware).
-- The step column keeps the display label the API has always returned. Written for H2 and
-- PostgreSQL alike.

ALTER TABLE boot_event ADD COLUMN step_type VARCHAR(32);
ALTER TABLE boot_event ADD COLUMN reason VARCHAR(32);
ALTER TABLE boot_event ADD COLUMN file VARCHAR(1024);
ALTER TABLE boot_event ADD COLUMN bytes BIGINT;
ALTER TABLE boot_event ADD COLUMN duration_ms BIGINT;
ALTER TABLE boot_event ADD COLUMN profile VARCHAR(64);
ALTER TABLE boot_event ADD COLUMN firmware VARCHAR(32);

-- Earlier rows: each label had one meaning per protocol. HTTP methods other than GET and HEAD,
-- and any label not listed, stay NULL and read as UNKNOWN.
UPDATE boot_event SET step_type = CASE
    WHEN protocol = 'DHCP' AND step = 'discover' THEN 'DHCP_DISCOVER'
    WHEN protocol = 'DHCP' AND step = 'offer' THEN 'DHCP_OFFER'
    WHEN protocol = 'DHCP' AND step = 'request' THEN 'DHCP_REQUEST'
    WHEN protocol = 'DHCP' AND step = 'ack' THEN 'DHCP_ACK'
    WHEN protocol = 'DHCP' AND step = 'nak' THEN 'DHCP_NAK'
    WHEN protocol = 'DHCP' AND step = 'decline' THEN 'DHCP_DECLINE'
    WHEN protocol = 'DHCP' AND step = 'release' THEN 'DHCP_RELEASE'
    WHEN protocol = 'DHCP' AND step = 'inform' THEN 'DHCP_INFORM'
    WHEN protocol = 'TFTP' AND step = 'transfer-started' THEN 'TRANSFER_STARTED'
    WHEN protocol = 'TFTP' AND step = 'transfer-finished' THEN 'TRANSFER_DONE'
    WHEN protocol = 'TFTP' AND step = 'transfer-aborted' THEN 'TRANSFER_ABORTED'
    WHEN protocol = 'TFTP' AND step = 'transfer-failed' THEN 'TRANSFER_FAILED'
    WHEN protocol = 'HTTP' AND step = 'http-get' THEN 'HTTP_GET'
    WHEN protocol = 'HTTP' AND step = 'http-head' THEN 'HTTP_HEAD'
    WHEN protocol = 'NBD' AND step = 'connected' THEN 'NBD_EXPORT_OPENED'
    WHEN protocol = 'NBD' AND step = 'disconnected' THEN 'NBD_DISCONNECTED'
    WHEN protocol = 'NBD' AND step = 'refused' THEN 'NBD_REFUSED'
    WHEN protocol = 'API' AND step = 'next-boot-used' THEN 'NEXT_BOOT_USED'
    WHEN protocol = 'API' AND step = 'wake-sent' THEN 'WAKE_SENT'
END;

-- TFTP's and HTTP's earlier details began with the file name, or said which failure it was; reading them
-- once here lets old boots keep their diagnosis. New rows are written typed.
UPDATE boot_event SET reason = 'NOT_FOUND', file = SUBSTRING(detail FROM 12)
    WHERE step_type = 'TRANSFER_FAILED' AND detail LIKE 'not found: %';
UPDATE boot_event SET reason = 'READ_ONLY', file = SUBSTRING(detail FROM 16)
    WHERE step_type = 'TRANSFER_FAILED' AND detail LIKE 'write refused: %';
UPDATE boot_event SET reason = 'ACCESS_DENIED'
    WHERE step_type = 'TRANSFER_FAILED' AND detail LIKE 'refused: %';
UPDATE boot_event SET reason = 'BUSY'
    WHERE step_type = 'TRANSFER_FAILED' AND detail LIKE '%: server busy';
UPDATE boot_event SET reason = 'TIMEOUT'
    WHERE step_type = 'TRANSFER_FAILED' AND reason IS NULL AND detail LIKE '%: timeout after %';
UPDATE boot_event SET reason = 'UNKNOWN'
    WHERE outcome = 'FAILED' AND reason IS NULL;
UPDATE boot_event SET file = LEFT(detail, POSITION(' (' IN detail) - 1)
    WHERE step_type = 'TRANSFER_STARTED' AND POSITION(' (' IN detail) > 1;
UPDATE boot_event SET file = LEFT(detail, POSITION(': ' IN detail) - 1)
    WHERE step_type IN ('TRANSFER_DONE', 'TRANSFER_ABORTED', 'TRANSFER_FAILED')
      AND file IS NULL AND reason IS DISTINCT FROM 'ACCESS_DENIED'
      AND POSITION(': ' IN detail) > 1;
UPDATE boot_event
    SET file = SUBSTRING(detail FROM POSITION(' ' IN detail) + 1
                         FOR POSITION(' -> ' IN detail) - POSITION(' ' IN detail) - 1)
    WHERE protocol = 'HTTP' AND POSITION(' -> ' IN detail) > POSITION(' ' IN detail) + 1
      AND POSITION(' ' IN detail) > 0;
