-- rename spelled as add, copy, drop
ALTER TABLE users ADD COLUMN mail text;
UPDATE users SET mail = email;
ALTER TABLE users DROP COLUMN email;
