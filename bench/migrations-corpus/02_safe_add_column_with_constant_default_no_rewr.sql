-- add column with constant default (no rewrite since PG 11)
ALTER TABLE users ADD COLUMN score integer NOT NULL DEFAULT 0;
