-- Up Migration
-- Reminders that reach people (issue 17): the people directory, who covers which country, and
-- the in-app inbox. The API writes api.people (at each sign-in, and PATCH /v1/me) and
-- api.country_assignments (PUT/DELETE /v1/countries/{country}/assignments/...); it reads
-- api.notifications and marks rows read. The notifier (a deployable of its own) reads the first
-- two and writes the third:
--
--   * Recipients of a ReminderSent event of a cycle of country C for recipientRole R: the
--     country_assignments rows (C, R) whose person is in api.people and still qualifies (role
--     'desk-officer' with C in countries for DESK_OFFICER, 'delegation' with C for DELEGATION,
--     'reviewer' for REVIEWER); for want of any, the (C, 'REVIEWER') rows; for want of those,
--     every api.people row with role 'reviewer'; in both fallbacks the notification is
--     `unassigned`. apps/api/src/people/recipients.ts (resolveRecipients) is that rule, pure.
--   * One api.notifications row per recipient, notification_id '<source event id>:<user id>'
--     (the event id is '<cycle id>:<sequence>'), inserted with ON CONFLICT DO NOTHING, so that a
--     redelivered event adds nothing. Rows hold ids, codes and dates only: never a person's name,
--     never action point text or anything of an individual case; the inbox and the e-mails
--     render them with the reader's labels.
--   * E-mail: people.email, in people.language, dates in people.time_zone; delivery 'immediate'
--     one message per notification, 'digest' one a day; notifications.emailed_at says what went.
--
-- E-mail addresses and display names are staff data (never of individuals at risk): stored here,
-- never logged.

-- One row per person who signed in at least once. Claims refresh the row at each new token;
-- language and time zone stop following the claims once the person chose them.
CREATE TABLE api.people (
  user_id            text        PRIMARY KEY CHECK (length(user_id) BETWEEN 1 AND 256),
  display_name       text        CHECK (length(display_name) BETWEEN 1 AND 200),
  email              text        CHECK (length(email) BETWEEN 3 AND 254),
  language           text        NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'fr')),
  -- IANA zone name, checked by the API (the list of the runtime's ICU data).
  time_zone          text        NOT NULL DEFAULT 'UTC' CHECK (length(time_zone) BETWEEN 1 AND 64),
  role               text        NOT NULL CHECK (role IN ('desk-officer', 'delegation', 'reviewer', 'auditor')),
  -- Upper-case partner codes of the last sign-in's country scope.
  countries          text[]      NOT NULL DEFAULT '{}',
  delivery           text        NOT NULL DEFAULT 'digest' CHECK (delivery IN ('digest', 'immediate')),
  language_chosen    boolean     NOT NULL DEFAULT false,
  time_zone_chosen   boolean     NOT NULL DEFAULT false,
  preferences_set_at timestamptz,
  -- The `iat` of the token the claims come from: an older token does not overwrite a newer one's.
  claims_issued_at   timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  -- When a value other than last_seen_at last changed (a trigger keeps it).
  updated_at         timestamptz NOT NULL DEFAULT now(),
  -- The last sign-in: the first request of the latest token.
  last_seen_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX people_countries ON api.people USING gin (countries);
CREATE INDEX people_role ON api.people (role);

CREATE FUNCTION api.people_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.display_name, NEW.email, NEW.language, NEW.time_zone, NEW.role, NEW.countries, NEW.delivery,
      NEW.language_chosen, NEW.time_zone_chosen)
     IS DISTINCT FROM
     (OLD.display_name, OLD.email, OLD.language, OLD.time_zone, OLD.role, OLD.countries, OLD.delivery,
      OLD.language_chosen, OLD.time_zone_chosen) THEN
    NEW.updated_at := now();
  ELSE
    NEW.updated_at := OLD.updated_at;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER people_touch BEFORE UPDATE ON api.people FOR EACH ROW EXECUTE FUNCTION api.people_touch();

-- Per country, who receives the reminders of each recipient role (reviewers maintain it).
CREATE TABLE api.country_assignments (
  country     text        NOT NULL CHECK (country ~ '^[A-Z]{2,6}$'),
  assignment  text        NOT NULL CHECK (assignment IN ('DESK_OFFICER', 'DELEGATION', 'REVIEWER')),
  user_id     text        NOT NULL REFERENCES api.people ON DELETE CASCADE,
  assigned_by text        NOT NULL,
  assigned_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (country, assignment, user_id)
);
CREATE INDEX country_assignments_user ON api.country_assignments (user_id);

-- The in-app inbox: one row per notification and recipient, written by the notifier.
CREATE TABLE api.notifications (
  -- '<source event id>:<user id>', built by the notifier: a redelivered event adds nothing.
  notification_id text        PRIMARY KEY CHECK (length(notification_id) BETWEEN 1 AND 600),
  user_id         text        NOT NULL REFERENCES api.people ON DELETE CASCADE,
  -- A code: for reminders the ReminderSent kind (BEFORE_DEADLINE, ON_DEADLINE, ESCALATION).
  kind            text        NOT NULL CHECK (kind ~ '^[A-Z][A-Z0-9_]{0,63}$'),
  cycle_id        text        NOT NULL,
  country         text        NOT NULL CHECK (country ~ '^[A-Z]{2,6}$'),
  -- Null for a notification about the cycle as a whole (e.g. the GSP+ replies).
  action_point_id text,
  source_event_id text        NOT NULL,
  -- The recipient role the notification was for; the recipient may be a reviewer standing in.
  recipient_role  text        CHECK (recipient_role IN ('DESK_OFFICER', 'DELEGATION', 'REVIEWER')),
  -- True when nobody held recipient_role for the country and a reviewer got it instead.
  unassigned      boolean     NOT NULL DEFAULT false,
  deadline        date,
  due_at          timestamptz,
  -- More ids, codes and dates (e.g. reminderKey, offset); never names or free text.
  data            jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(data) = 'object'),
  created_at      timestamptz NOT NULL DEFAULT now(),
  read_at         timestamptz,
  -- Set by the notifier once the e-mail (immediate or digest) went out.
  emailed_at      timestamptz
);
-- GET /v1/me/notifications: a user's rows, unread first, then newest first.
CREATE INDEX notifications_inbox ON api.notifications (user_id, (read_at IS NOT NULL), created_at DESC, notification_id DESC);
-- The notifier's e-mail runs: what has not gone out yet.
CREATE INDEX notifications_not_emailed ON api.notifications (user_id, created_at) WHERE emailed_at IS NULL;

-- Down Migration
DROP TABLE api.notifications;
DROP TABLE api.country_assignments;
DROP TABLE api.people;
DROP FUNCTION api.people_touch();
