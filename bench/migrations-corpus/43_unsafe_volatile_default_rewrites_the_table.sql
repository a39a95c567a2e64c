-- volatile default rewrites the table
ALTER TABLE orders ADD COLUMN jitter double precision DEFAULT random();
