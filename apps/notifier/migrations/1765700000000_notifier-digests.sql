-- Up Migration
-- The daily digest's outbox (issue 17): one row per person and local date, written before the
-- e-mail is sent and marked once the SMTP server has accepted it. The digest is kept as it was
-- composed (ids, codes, dates and counts only), so a digest sent again after a crash between
-- sending and marking is the same message with the same Message-ID, whatever changed meanwhile.
CREATE TABLE notifier.digests (
  user_id     text        NOT NULL,
  local_date  date        NOT NULL,
  time_zone   text        NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
  digest      jsonb       NOT NULL,
  item_count  integer     NOT NULL CHECK (item_count > 0),
  created_at  timestamptz NOT NULL DEFAULT now(),
  emailed_at  timestamptz,
  PRIMARY KEY (user_id, local_date)
);

-- Down Migration
DROP TABLE notifier.digests;
