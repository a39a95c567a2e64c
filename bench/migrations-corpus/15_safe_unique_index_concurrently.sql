-- unique index concurrently
CREATE UNIQUE INDEX CONCURRENTLY users_email_uq ON users (email);
