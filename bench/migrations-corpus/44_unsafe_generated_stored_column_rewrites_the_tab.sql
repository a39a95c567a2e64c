-- generated stored column rewrites the table
ALTER TABLE orders ADD COLUMN total_x2 integer GENERATED ALWAYS AS (total * 2) STORED;
