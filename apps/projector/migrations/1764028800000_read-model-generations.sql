-- Up Migration
-- The read model is built in generations. Schema read_model_g<N> holds one complete copy
-- (tables, statistics view, projection positions) filled by the projector from the cycle
-- log. Queries read the stable schema read_model, whose views point at the current
-- generation. A rebuild fills a new generation from the start of the log while queries
-- keep reading the current one, then switch_generation() repoints every view in one
-- transaction, so queries never see a half-built or empty model.
--
-- Changing the shape of the read model: a new migration replaces create_generation() (and
-- alters the existing generations in place, or leaves that to a rebuild).

-- The landing table of the first skeleton: the projector now writes the model itself.
DROP TABLE read_model.received_events;

CREATE SCHEMA read_model_control;

CREATE TABLE read_model_control.generations (
  generation  integer     PRIMARY KEY,
  schema_name text        NOT NULL UNIQUE,
  status      text        NOT NULL CHECK (status IN ('BUILDING', 'CURRENT', 'RETIRED', 'DROPPED')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  switched_at timestamptz,
  dropped_at  timestamptz
);
CREATE UNIQUE INDEX generations_single_current ON read_model_control.generations ((true)) WHERE status = 'CURRENT';

-- One row: the generation the live projector writes to and the read_model views show.
-- Writers hold it FOR SHARE for the length of their transaction and switching takes it
-- FOR UPDATE, so no projector transaction straddles a switch.
CREATE TABLE read_model_control.current_generation (
  singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  generation  integer NOT NULL REFERENCES read_model_control.generations (generation),
  schema_name text    NOT NULL
);

-- Today in a cycle's time zone (deadlines are dates in the delegation's zone). A zone the
-- server does not know falls back to UTC rather than failing every statistics query.
CREATE FUNCTION read_model_control.local_today(time_zone text) RETURNS date
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (now() AT TIME ZONE time_zone)::date;
EXCEPTION WHEN invalid_parameter_value THEN
  RETURN (now() AT TIME ZONE 'UTC')::date;
END
$$;

-- Creates schema read_model_g<N> (N = next generation number) with empty tables; returns N.
CREATE FUNCTION read_model_control.create_generation() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  next_generation integer;
  target text;
BEGIN
  -- Two rebuilds started at once still get distinct numbers.
  LOCK TABLE read_model_control.generations IN SHARE ROW EXCLUSIVE MODE;
  SELECT coalesce(max(generation), 0) + 1 INTO next_generation FROM read_model_control.generations;
  target := 'read_model_g' || next_generation;
  EXECUTE format('CREATE SCHEMA %I', target);
  EXECUTE format($ddl$
    -- Per cycle: the sequence number of the last event applied (events are applied in order).
    CREATE TABLE %1$I.projection_positions (
      cycle_id         text        PRIMARY KEY,
      last_sequence    integer     NOT NULL CHECK (last_sequence >= 0),
      last_event_id    text,
      last_occurred_at timestamptz
    );

    CREATE TABLE %1$I.cycles (
      cycle_id                   text        PRIMARY KEY,
      cycle_type                 text        NOT NULL,
      country                    text        NOT NULL,
      title                      text        NOT NULL,
      time_zone                  text        NOT NULL,
      status                     text        NOT NULL,
      version                    integer     NOT NULL,
      started_at                 timestamptz NOT NULL,
      closed_at                  timestamptz,
      closing_reason             text,
      rounds_scheduled           integer     NOT NULL,
      gsp_stages                 jsonb       NOT NULL,
      gsp_replies_due_on         date,
      withdrawal_milestones      jsonb,
      withdrawal_decided_on      date,
      withdrawn                  boolean,
      updated_at                 timestamptz NOT NULL
    );
    CREATE INDEX ON %1$I.cycles (country, status);

    CREATE TABLE %1$I.rounds (
      cycle_id      text        NOT NULL,
      round_id      text        NOT NULL,
      position      integer     NOT NULL,
      title         text,
      date          date        NOT NULL,
      held_on       date,
      status        text        NOT NULL,
      closed_at     timestamptz,
      carried_over  text[]      NOT NULL,
      next_round_id text,
      version       integer     NOT NULL,
      updated_at    timestamptz NOT NULL,
      PRIMARY KEY (cycle_id, round_id)
    );

    CREATE TABLE %1$I.action_points (
      cycle_id           text        NOT NULL,
      action_point_id    text        NOT NULL,
      original_round_id  text        NOT NULL,
      round_id           text        NOT NULL,
      text               text        NOT NULL,
      owner              text        NOT NULL,
      deadline           date        NOT NULL,
      priority           text        NOT NULL,
      themes             text[]      NOT NULL,
      conventions        text[]      NOT NULL,
      un_references      jsonb       NOT NULL,
      status             text        NOT NULL,
      assessment         text,
      assessment_comment text,
      rounds_carried     integer     NOT NULL,
      progress_reports   integer     NOT NULL,
      last_progress_on   date,
      reminders_sent     integer     NOT NULL,
      last_reminder_at   timestamptz,
      escalated          boolean     NOT NULL,
      proposed_at        timestamptz NOT NULL,
      agreed_at          timestamptz,
      withdrawn_at       timestamptz,
      withdrawal_reason  text,
      assessed_at        timestamptz,
      version            integer     NOT NULL,
      updated_at         timestamptz NOT NULL,
      PRIMARY KEY (cycle_id, action_point_id)
    );
    CREATE INDEX ON %1$I.action_points (status, deadline);
    CREATE INDEX ON %1$I.action_points USING gin (themes);
    CREATE INDEX ON %1$I.action_points USING gin (conventions);

    -- One row per event. The summary holds ids, codes and dates only: free text (reasons,
    -- progress reports) may name people at risk and stays in the entity tables.
    CREATE TABLE %1$I.timeline (
      cycle_id      text        NOT NULL,
      sequence      integer     NOT NULL,
      event_id      text        NOT NULL,
      event_type    text        NOT NULL,
      occurred_at   timestamptz NOT NULL,
      actor_role    text        NOT NULL,
      actor_user_id text        NOT NULL,
      command_id    text        NOT NULL,
      summary       jsonb       NOT NULL,
      PRIMARY KEY (cycle_id, sequence)
    );
    CREATE INDEX ON %1$I.timeline (occurred_at);

    -- A view, not a table: "overdue" depends on today's date in each cycle's time zone.
    CREATE VIEW %1$I.country_statistics AS
    WITH cycle_today AS MATERIALIZED (
      SELECT cycle_id, country, status, read_model_control.local_today(time_zone) AS today FROM %1$I.cycles
    )
    SELECT
      c.country,
      count(DISTINCT c.cycle_id)::integer AS cycles,
      count(DISTINCT c.cycle_id) FILTER (WHERE c.status = 'ACTIVE')::integer AS active_cycles,
      count(ap.action_point_id)::integer AS action_points,
      count(*) FILTER (WHERE ap.status = 'PROPOSED')::integer AS proposed,
      count(*) FILTER (WHERE ap.status = 'AGREED')::integer AS agreed,
      count(*) FILTER (WHERE ap.status = 'IN_PROGRESS')::integer AS in_progress,
      count(*) FILTER (WHERE ap.status = 'COMPLETED')::integer AS completed,
      count(*) FILTER (WHERE ap.status = 'PARTIALLY_COMPLETED')::integer AS partially_completed,
      count(*) FILTER (WHERE ap.status = 'NOT_COMPLETED')::integer AS not_completed,
      count(*) FILTER (WHERE ap.status = 'WITHDRAWN')::integer AS withdrawn,
      count(*) FILTER (WHERE ap.status IN ('PROPOSED', 'AGREED', 'IN_PROGRESS'))::integer AS open,
      -- Agreed and not done by its deadline, in a cycle still running.
      count(*) FILTER (
        WHERE ap.status IN ('AGREED', 'IN_PROGRESS') AND c.status = 'ACTIVE' AND ap.deadline < c.today
      )::integer AS overdue,
      count(*) FILTER (WHERE ap.rounds_carried > 0)::integer AS carried_over,
      count(*) FILTER (
        WHERE ap.rounds_carried > 0 AND ap.status IN ('PROPOSED', 'AGREED', 'IN_PROGRESS')
      )::integer AS open_carried_over,
      coalesce(max(ap.rounds_carried), 0)::integer AS max_rounds_carried
    FROM cycle_today c
    LEFT JOIN %1$I.action_points ap ON ap.cycle_id = c.cycle_id
    GROUP BY c.country;
  $ddl$, target);
  INSERT INTO read_model_control.generations (generation, schema_name, status)
  VALUES (next_generation, target, 'BUILDING');
  RETURN next_generation;
END
$$;

-- Makes `new_generation` the one queries read and the live projector writes: recreates every
-- read_model view over its relations, in the caller's transaction. When `require_caught_up`,
-- refuses (SQLSTATE SU001) while the new generation is behind the current one on any cycle:
-- the live projector went on applying events while the rebuild caught up.
CREATE FUNCTION read_model_control.switch_generation(new_generation integer, require_caught_up boolean DEFAULT true)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  current_schema_name text;
  current_number integer;
  target text;
  behind integer;
  relation record;
BEGIN
  SELECT generation, schema_name INTO current_number, current_schema_name
  FROM read_model_control.current_generation FOR UPDATE;
  SELECT schema_name INTO target FROM read_model_control.generations
  WHERE generation = new_generation AND status IN ('BUILDING', 'RETIRED');
  IF target IS NULL THEN
    RAISE EXCEPTION 'generation % cannot become current: it is not a built generation', new_generation
      USING ERRCODE = 'SU002';
  END IF;
  IF require_caught_up AND current_schema_name IS NOT NULL THEN
    EXECUTE format(
      'SELECT count(*) FROM %I.projection_positions o LEFT JOIN %I.projection_positions n USING (cycle_id)
       WHERE coalesce(n.last_sequence, 0) < o.last_sequence', current_schema_name, target)
    INTO behind;
    IF behind > 0 THEN
      RAISE EXCEPTION 'generation % is behind generation % on % cycles', new_generation, current_number, behind
        USING ERRCODE = 'SU001';
    END IF;
  END IF;
  FOR relation IN SELECT viewname FROM pg_views WHERE schemaname = 'read_model' LOOP
    EXECUTE format('DROP VIEW read_model.%I', relation.viewname);
  END LOOP;
  FOR relation IN
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = target AND c.relkind IN ('r', 'v') ORDER BY c.relname
  LOOP
    EXECUTE format('CREATE VIEW read_model.%I AS SELECT * FROM %I.%I', relation.relname, target, relation.relname);
  END LOOP;
  UPDATE read_model_control.generations SET status = 'RETIRED' WHERE status = 'CURRENT';
  UPDATE read_model_control.generations SET status = 'CURRENT', switched_at = now() WHERE generation = new_generation;
  INSERT INTO read_model_control.current_generation (singleton, generation, schema_name)
  VALUES (true, new_generation, target)
  ON CONFLICT (singleton) DO UPDATE SET generation = EXCLUDED.generation, schema_name = EXCLUDED.schema_name;
END
$$;

-- Drops a generation's schema (never the current one); its row stays as history.
CREATE FUNCTION read_model_control.drop_generation(old_generation integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  target text;
BEGIN
  SELECT schema_name INTO target FROM read_model_control.generations
  WHERE generation = old_generation AND status IN ('BUILDING', 'RETIRED') FOR UPDATE;
  IF target IS NULL THEN
    RAISE EXCEPTION 'generation % cannot be dropped: it is current, already dropped or unknown', old_generation
      USING ERRCODE = 'SU003';
  END IF;
  EXECUTE format('DROP SCHEMA %I CASCADE', target);
  UPDATE read_model_control.generations SET status = 'DROPPED', dropped_at = now() WHERE generation = old_generation;
END
$$;

-- Generation 1: empty, current, so the projector and queries have a model from the start.
SELECT read_model_control.switch_generation(read_model_control.create_generation(), false);

-- Down Migration
DROP VIEW IF EXISTS read_model.country_statistics, read_model.cycles, read_model.rounds, read_model.action_points,
  read_model.timeline, read_model.projection_positions;
DO $$
DECLARE
  generation_schema record;
BEGIN
  FOR generation_schema IN
    SELECT schema_name FROM read_model_control.generations WHERE status <> 'DROPPED'
  LOOP
    EXECUTE format('DROP SCHEMA IF EXISTS %I CASCADE', generation_schema.schema_name);
  END LOOP;
END
$$;
DROP SCHEMA read_model_control CASCADE;
CREATE TABLE read_model.received_events (
  topic        text        NOT NULL,
  partition    integer     NOT NULL,
  kafka_offset bigint      NOT NULL,
  message_key  text,
  payload      bytea,
  received_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (topic, partition, kafka_offset)
);
