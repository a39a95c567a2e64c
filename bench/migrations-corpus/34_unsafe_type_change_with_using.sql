-- type change with USING
ALTER TABLE orders ALTER COLUMN total TYPE text USING total::text;
