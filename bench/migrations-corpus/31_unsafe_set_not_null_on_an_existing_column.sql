-- set NOT NULL on an existing column
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
