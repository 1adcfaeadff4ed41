-- Up Migration
-- E-mail preferences (issue 17): what each person receives by e-mail. The in-app inbox
-- (api.notifications) holds every notification whatever these say.
--
--   * delivery 'immediate': every notification e-mailed at once;
--   * delivery 'digest' (the default): escalations and event notices e-mailed at once, reminders
--     wait for the daily digest;
--   * delivery 'none': no e-mail at all, the in-app inbox only (what the unsubscribe link of any
--     e-mail sets: POST /v1/me/unsubscribe with action delivery-none);
--   * daily_digest: whether the person receives the 09:00 digest (in their time zone); ignored
--     when delivery is 'none'. The digest's unsubscribe link (action digest-off) sets it false.
--
-- Set with PATCH /v1/me (delivery, dailyDigest) or the one-click unsubscribe links (RFC 8058).

-- The inline CHECK of the people-directory migration has PostgreSQL's default name.
ALTER TABLE api.people
  DROP CONSTRAINT people_delivery_check,
  ADD CONSTRAINT people_delivery_check CHECK (delivery IN ('digest', 'immediate', 'none')),
  ADD COLUMN daily_digest boolean NOT NULL DEFAULT true;

-- updated_at says when a value other than last_seen_at last changed: daily_digest is one.
CREATE OR REPLACE FUNCTION api.people_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.display_name, NEW.email, NEW.language, NEW.time_zone, NEW.role, NEW.countries, NEW.delivery,
      NEW.daily_digest, NEW.language_chosen, NEW.time_zone_chosen)
     IS DISTINCT FROM
     (OLD.display_name, OLD.email, OLD.language, OLD.time_zone, OLD.role, OLD.countries, OLD.delivery,
      OLD.daily_digest, OLD.language_chosen, OLD.time_zone_chosen) THEN
    NEW.updated_at := now();
  ELSE
    NEW.updated_at := OLD.updated_at;
  END IF;
  RETURN NEW;
END
$$;

-- GET /v1/unassigned-reminders: the reminders whose role nobody held, one per source event.
CREATE INDEX notifications_unassigned ON api.notifications (source_event_id, created_at) WHERE unassigned;

-- Down Migration
DROP INDEX api.notifications_unassigned;
CREATE OR REPLACE FUNCTION api.people_touch() RETURNS trigger LANGUAGE plpgsql AS $$
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
-- The old vocabulary has no 'none': the least e-mail it offers is the digest.
ALTER TABLE api.people DROP COLUMN daily_digest, DROP CONSTRAINT people_delivery_check;
UPDATE api.people SET delivery = 'digest' WHERE delivery = 'none';
ALTER TABLE api.people ADD CONSTRAINT people_delivery_check CHECK (delivery IN ('digest', 'immediate'));
