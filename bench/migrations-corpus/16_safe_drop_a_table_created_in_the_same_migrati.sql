-- drop a table created in the same migration
CREATE TABLE tmp_import (id int);
DROP TABLE tmp_import;
