-- drop a view
DROP VIEW user_names;
