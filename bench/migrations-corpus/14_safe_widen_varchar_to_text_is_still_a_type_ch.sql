-- widen varchar to text is still a type change? no: new table with text
CREATE TABLE notes (id bigint PRIMARY KEY, body text);
