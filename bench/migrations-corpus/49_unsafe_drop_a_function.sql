-- drop a function
DROP FUNCTION order_total(integer);
