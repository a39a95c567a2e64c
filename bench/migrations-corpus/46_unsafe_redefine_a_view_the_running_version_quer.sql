-- redefine a view the running version queries
CREATE OR REPLACE VIEW user_names AS SELECT id, name, email FROM users;
