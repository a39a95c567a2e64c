-- new view
CREATE VIEW active_users AS SELECT id, email FROM users WHERE email IS NOT NULL;
