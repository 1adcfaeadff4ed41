-- Up Migration
-- Notices read before their cycle's cycle.started (two topics, no order between them): kept here
-- until the start is read, instead of being refused and read again, which held back their whole
-- partition. The message is the integration event as the public topic published it (whose
-- contract keeps individual cases to their opaque references), deleted once handled.
CREATE TABLE notifier.parked_events (
  event_id   text        PRIMARY KEY,
  cycle_id   text        NOT NULL,
  message    jsonb       NOT NULL,
  parked_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX parked_events_by_cycle ON notifier.parked_events (cycle_id, parked_at);

-- Down Migration
DROP TABLE notifier.parked_events;
