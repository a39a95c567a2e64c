-- drop column if exists
ALTER TABLE users DROP COLUMN IF EXISTS email CASCADE;
