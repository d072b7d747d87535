-- Boot menus: a profile of kind MENU offers other profiles, by name and in order, with a default
-- entry and a timeout in seconds. Written for H2 and PostgreSQL alike.

ALTER TABLE profile ADD COLUMN menu_default VARCHAR(64);
ALTER TABLE profile ADD COLUMN menu_timeout INT;

CREATE TABLE profile_menu_entry (
    profile_id BIGINT NOT NULL REFERENCES profile(id) ON DELETE CASCADE,
    position INT NOT NULL,
    entry_name VARCHAR(64) NOT NULL,
    PRIMARY KEY (profile_id, position)
);
-- Renaming or deleting a profile asks which menus offer it.
CREATE INDEX profile_menu_entry_name_idx ON profile_menu_entry(entry_name);
