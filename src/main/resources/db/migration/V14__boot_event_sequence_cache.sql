-- Boot events are inserted in batches with one NEXT VALUE of this sequence per row. H2 keeps 32
-- values in memory by default and writes the sequence back (a store of its own) each time they run
-- out: in a boot storm that was a third of the event writer's time. A larger cache makes it rare;
-- values lost with the cache at a crash only leave gaps in the ids. PostgreSQL accepts the same
-- statement (a per-connection cache there).
ALTER SEQUENCE boot_event_SEQ CACHE 4096;
