-- primary key on an existing table
CREATE TABLE legacy (code text);
ALTER TABLE orders ADD CONSTRAINT orders_user_total UNIQUE (user_id, total);
