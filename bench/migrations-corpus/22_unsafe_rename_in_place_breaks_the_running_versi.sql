-- rename in place breaks the running version's queries
ALTER TABLE users RENAME COLUMN name TO full_name;
