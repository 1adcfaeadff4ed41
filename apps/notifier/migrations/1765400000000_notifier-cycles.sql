-- Up Migration
-- The notifier's own memory (issue 17): what it must know of a cycle to address and word its
-- reminders, learnt from cycle.started on the public topic (reminder.sent carries the cycle id
-- only). Codes and ids only: a cycle's title is free text and stays out of e-mails.
CREATE SCHEMA IF NOT EXISTS notifier;

CREATE TABLE notifier.cycles (
  cycle_id        text        PRIMARY KEY,
  cycle_type      text        NOT NULL CHECK (cycle_type ~ '^[A-Z][A-Z0-9_]{0,63}$'),
  country         text        NOT NULL CHECK (country ~ '^[A-Z]{2,6}$'),
  time_zone       text        NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
  source_event_id text        NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE notifier.cycles;
DROP SCHEMA notifier;
