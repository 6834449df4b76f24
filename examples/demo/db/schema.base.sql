-- The schema as the base branch has it (the demo's "current" side of an offline diff).
CREATE TABLE users (
  id bigint NOT NULL PRIMARY KEY,
  email text NOT NULL,
  nickname text
);
