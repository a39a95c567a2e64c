-- drop NOT NULL (loosening)
ALTER TABLE users ALTER COLUMN name DROP NOT NULL;
