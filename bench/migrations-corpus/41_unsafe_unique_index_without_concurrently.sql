-- unique index without concurrently
CREATE UNIQUE INDEX users_email_uq ON users (email);
