-- new table with foreign key to existing table
CREATE TABLE payments (id bigint PRIMARY KEY, order_id integer REFERENCES orders (id));
