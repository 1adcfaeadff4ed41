-- Up Migration
-- A rebuild loads a million rows or more into a fresh generation: maintaining the secondary
-- indexes (GIN ones above all) row by row cost more than the rows themselves. Generations
-- can now be created with their primary keys only and get their secondary indexes in one
-- build each once loaded; switch_generation() makes sure a generation has them before
-- queries read it. Existing generations are unchanged.
DROP FUNCTION read_model_control.create_generation();

-- The secondary indexes of a generation (the names PostgreSQL gave them in the first
-- generations, so this is a no-op there). Idempotent.
CREATE FUNCTION read_model_control.create_generation_indexes(target text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format($ddl$
    CREATE INDEX IF NOT EXISTS cycles_country_status_idx ON %1$I.cycles (country, status);
    CREATE INDEX IF NOT EXISTS action_points_status_deadline_idx ON %1$I.action_points (status, deadline);
    CREATE INDEX IF NOT EXISTS action_points_themes_idx ON %1$I.action_points USING gin (themes);
    CREATE INDEX IF NOT EXISTS action_points_conventions_idx ON %1$I.action_points USING gin (conventions);
    CREATE INDEX IF NOT EXISTS timeline_occurred_at_idx ON %1$I.timeline (occurred_at);
  $ddl$, target);
END
$$;

-- Creates schema read_model_g<N> (N = next generation number) with empty tables; returns N.
-- Without `with_secondary_indexes`, only the primary keys exist until
-- create_generation_indexes(): a rebuild loads faster and then builds each index once.
CREATE FUNCTION read_model_control.create_generation(with_secondary_indexes boolean DEFAULT true) RETURNS integer
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
  IF with_secondary_indexes THEN
    PERFORM read_model_control.create_generation_indexes(target);
  END IF;
  INSERT INTO read_model_control.generations (generation, schema_name, status)
  VALUES (next_generation, target, 'BUILDING');
  RETURN next_generation;
END
$$;

-- Makes `new_generation` the one queries read and the live projector writes: recreates every
-- read_model view over its relations, in the caller's transaction. When `require_caught_up`,
-- refuses (SQLSTATE SU001) while the new generation is behind the current one on any cycle:
-- the live projector went on applying events while the rebuild caught up. A generation built
-- without its secondary indexes gets them here at the latest (a rebuild builds them before).
CREATE OR REPLACE FUNCTION read_model_control.switch_generation(new_generation integer, require_caught_up boolean DEFAULT true)
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
  PERFORM read_model_control.create_generation_indexes(target);
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

-- Down Migration
DROP FUNCTION read_model_control.create_generation(boolean);
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
CREATE OR REPLACE FUNCTION read_model_control.switch_generation(new_generation integer, require_caught_up boolean DEFAULT true)
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

DROP FUNCTION read_model_control.create_generation_indexes(text);
