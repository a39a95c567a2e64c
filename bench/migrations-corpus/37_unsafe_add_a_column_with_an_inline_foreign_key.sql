-- add a column with an inline foreign key
ALTER TABLE orders ADD COLUMN buyer_id integer REFERENCES users (id);
