-- The production schema every corpus case starts from.
CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL, email text);
CREATE TABLE orders (id integer PRIMARY KEY, user_id integer, total integer);
CREATE VIEW user_names AS SELECT id, name FROM users;
CREATE FUNCTION order_total(o integer) RETURNS integer LANGUAGE sql AS 'SELECT total FROM orders WHERE id = o';
