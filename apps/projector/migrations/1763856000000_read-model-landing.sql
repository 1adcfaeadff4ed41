-- Up Migration
-- The read model lives in its own schema so a rebuild can fill a fresh schema and switch over.
CREATE SCHEMA IF NOT EXISTS read_model;

-- Every event the projector received, once (idempotent on topic/partition/offset), so
-- nothing consumed is lost while projections are being written.
CREATE TABLE read_model.received_events (
  topic        text        NOT NULL,
  partition    integer     NOT NULL,
  kafka_offset bigint      NOT NULL,
  message_key  text,
  payload      bytea,
  received_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (topic, partition, kafka_offset)
);

-- Down Migration
DROP TABLE read_model.received_events;
DROP SCHEMA read_model;
