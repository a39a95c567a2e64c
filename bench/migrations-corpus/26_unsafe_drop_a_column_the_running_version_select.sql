-- drop a column the running version selects
ALTER TABLE orders DROP COLUMN total;
