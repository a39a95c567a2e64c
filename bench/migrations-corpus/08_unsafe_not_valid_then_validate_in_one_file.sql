-- NOT VALID then VALIDATE in one file: its one transaction keeps the ADD lock through the scan
ALTER TABLE orders ADD CONSTRAINT c_total CHECK (total >= 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT c_total;
