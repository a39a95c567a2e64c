-- index on a table created in the same migration
CREATE TABLE audit (id bigint PRIMARY KEY, what text);
CREATE INDEX audit_what ON audit (what);
