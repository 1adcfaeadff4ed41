-- The read model's current schema, in one place: the tables of a generation (create_generation)
-- and their secondary indexes (create_generation_indexes). The projector applies this file after
-- the migrations at every start (CREATE OR REPLACE, under an advisory lock), so a new generation
-- (a rebuild) always gets the schema written here. Migrations only bring existing generations
-- to it (ALTER ... on each live or retired generation): adding a column is one change here plus
-- that migration, never a copy of this file. A test checks that a generation created from this
-- file has the same columns and indexes as the live one migrated from the first migration on.

-- The secondary indexes of a generation (the names PostgreSQL gave them in the first
-- generations, so this is a no-op there). Idempotent.
CREATE OR REPLACE FUNCTION read_model_control.create_generation_indexes(target text) RETURNS void
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
CREATE OR REPLACE FUNCTION read_model_control.create_generation(with_secondary_indexes boolean DEFAULT true) RETURNS integer
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
      last_occurred_at timestamptz,
      -- Set when an event of the cycle could not be written (a data error): the cycle stays
      -- at last_sequence and its later events are dead-lettered until a rebuild (ADR 0014).
      repair_since     timestamptz,
      repair_sequence  integer,
      repair_reason    text
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
      -- The individual case the action point concerns, by its opaque reference only (ADR 0012).
      case_ref           text,
      case_attached_at   timestamptz,
      case_erased_at     timestamptz,
      case_erased_by_role text,
      case_erased_by_user text,
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
      -- The whole domain event, for folding a cycle as of an instant (API ?asOf=).
      event         jsonb,
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
