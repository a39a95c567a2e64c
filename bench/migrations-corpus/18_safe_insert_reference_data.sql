-- insert reference data
CREATE TABLE countries (code text PRIMARY KEY, name text);
INSERT INTO countries VALUES ('NL', 'Netherlands');
