-- The desired schema of the demo database: sqldef computes the DDL from it.
CREATE TABLE users (
  id bigint NOT NULL PRIMARY KEY,
  email text NOT NULL,
  created_at timestamp with time zone NOT NULL DEFAULT now()
);

CREATE TABLE orders (
  id bigint NOT NULL PRIMARY KEY,
  user_id bigint NOT NULL,
  total_cents integer NOT NULL,
  status text NOT NULL DEFAULT 'new'
);

CREATE INDEX orders_user_id ON orders (user_id);
