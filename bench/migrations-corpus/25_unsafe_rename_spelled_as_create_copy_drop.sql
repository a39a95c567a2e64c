-- rename spelled as create, copy, drop
CREATE TABLE purchases (id integer PRIMARY KEY, user_id integer, total integer);
INSERT INTO purchases SELECT * FROM orders;
DROP TABLE orders;
