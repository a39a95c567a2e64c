-- drop table with cascade
DROP TABLE users CASCADE;
