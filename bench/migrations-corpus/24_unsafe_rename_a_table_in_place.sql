-- rename a table in place
ALTER TABLE orders RENAME TO purchases;
