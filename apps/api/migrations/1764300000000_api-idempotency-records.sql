-- Up Migration
-- The API's own state, apart from the read model: it survives read-model rebuilds.
CREATE SCHEMA IF NOT EXISTS api;

-- One row per (user, Idempotency-Key): the first request's fingerprint and, once answered, its
-- response, replayed to retries. Rows expire after a day (deleted by the API).
CREATE TABLE api.idempotency_records (
  user_id      text        NOT NULL,
  idem_key     text        NOT NULL,
  request_hash text        NOT NULL,
  status       integer,
  response     jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  PRIMARY KEY (user_id, idem_key)
);
CREATE INDEX ON api.idempotency_records (created_at);

-- Down Migration
DROP TABLE api.idempotency_records;
DROP SCHEMA api;
