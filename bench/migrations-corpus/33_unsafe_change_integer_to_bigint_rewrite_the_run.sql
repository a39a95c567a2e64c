-- change integer to bigint (rewrite, the running version's types change)
ALTER TABLE orders ALTER COLUMN total TYPE bigint;
