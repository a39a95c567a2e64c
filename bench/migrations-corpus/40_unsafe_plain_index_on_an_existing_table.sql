-- plain index on an existing table
CREATE INDEX users_email_idx ON users (email);
