-- V14's cache of 4,096 values still ran out four times a second in a storm of 4,000 DHCP exchanges
-- a second (16,000 events), and each write-back commits on its own in the middle of the event
-- writer's batch: 12% of the writer's time. 65,536 values make it once every few seconds at that
-- rate. Gaps left at a crash are harmless (ids are BIGINT and only order rows).
ALTER SEQUENCE boot_event_SEQ CACHE 65536;
