-- drop a table
DROP TABLE orders;
