-- add column with timestamp default now() (stable, no rewrite)
ALTER TABLE orders ADD COLUMN created_at timestamptz DEFAULT now();
