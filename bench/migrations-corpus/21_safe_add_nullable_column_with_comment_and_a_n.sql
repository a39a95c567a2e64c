-- add nullable column with comment and a new sequence
CREATE SEQUENCE invoice_seq;
ALTER TABLE orders ADD COLUMN invoice_no bigint;
