-- index hidden in a lower-case multi-line statement
create index
  orders_user_idx
  on orders (user_id);
