-- narrow a type
ALTER TABLE users ALTER COLUMN email TYPE varchar(50);
