-- comment on column
COMMENT ON COLUMN users.email IS 'primary contact';
