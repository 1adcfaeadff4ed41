-- Up Migration
-- The API's own tables live in their own schema, apart from the projector's read model.
CREATE SCHEMA IF NOT EXISTS api;

-- One record per (user, Idempotency-Key): the request's hash, the command it became (its id
-- is the Temporal Update id, so a takeover resends the very same Update) and, once known,
-- the response every retry gets. Records expire after 24 hours (deleted hourly by the API).
CREATE TABLE api.idempotency_records (
  user_id         text        NOT NULL,
  idempotency_key text        NOT NULL,
  request_hash    text        NOT NULL,
  command_id      text        NOT NULL,
  issued_at       text        NOT NULL,
  state           text        NOT NULL CHECK (state IN ('pending', 'done')),
  response        jsonb,
  created_at      timestamptz NOT NULL DEFAULT now(),
  claimed_at      timestamptz NOT NULL DEFAULT now(),
  completed_at    timestamptz,
  PRIMARY KEY (user_id, idempotency_key),
  CHECK ((state = 'done') = (response IS NOT NULL))
);

CREATE INDEX idempotency_records_created_at ON api.idempotency_records (created_at);

-- Down Migration
DROP TABLE api.idempotency_records;
DROP SCHEMA api;
