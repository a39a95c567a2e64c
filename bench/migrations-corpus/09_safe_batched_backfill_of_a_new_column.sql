-- batched backfill of a new column
ALTER TABLE users ADD COLUMN full_name text;
UPDATE users SET full_name = name WHERE id BETWEEN 1 AND 1000;
