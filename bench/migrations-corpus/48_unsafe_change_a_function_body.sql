-- change a function body
CREATE OR REPLACE FUNCTION order_total(o integer) RETURNS integer LANGUAGE sql AS 'SELECT total * 100 FROM orders WHERE id = o';
