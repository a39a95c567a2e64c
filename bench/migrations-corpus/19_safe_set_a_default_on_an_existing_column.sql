-- set a default on an existing column
ALTER TABLE orders ALTER COLUMN total SET DEFAULT 0;
