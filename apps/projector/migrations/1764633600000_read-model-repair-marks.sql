-- Up Migration
-- A cycle whose event the read model cannot store (a data error: SQLSTATE class 22 or 23,
-- e.g. a U+0000 that PostgreSQL text refuses) no longer blocks its partition: the projector
-- dead-letters the event, marks the cycle as needing repair and holds its later events
-- (ADR 0014). The mark lives in the generation's projection_positions, so a rebuilt
-- generation starts without it; read_model_control.projector_status holds, per consumer
-- group and partition, the projector's last progress and whether it is stuck (failing for
-- another reason for too long), for the API's readiness.
--
-- Existing generations get the columns and the read_model.projection_positions view is
-- widened; new generations get them from schema/read-model-generation.sql (ADR 0017).
DO $$
DECLARE
  generation_schema record;
  current_schema_name text;
BEGIN
  FOR generation_schema IN
    SELECT schema_name FROM read_model_control.generations WHERE status IN ('BUILDING', 'CURRENT', 'RETIRED')
  LOOP
    EXECUTE format(
      'ALTER TABLE %I.projection_positions ADD COLUMN IF NOT EXISTS repair_since timestamptz, '
      'ADD COLUMN IF NOT EXISTS repair_sequence integer, ADD COLUMN IF NOT EXISTS repair_reason text',
      generation_schema.schema_name
    );
  END LOOP;
  SELECT schema_name INTO current_schema_name FROM read_model_control.current_generation;
  IF current_schema_name IS NOT NULL THEN
    EXECUTE format(
      'CREATE OR REPLACE VIEW read_model.projection_positions AS SELECT * FROM %I.projection_positions',
      current_schema_name
    );
  END IF;
END
$$;

-- One row per consumer group and partition of the cycle log, written by the live projector:
-- when it last made progress, since when its batches fail for a reason other than the data
-- (connection lost, server down...), and since when that counts as stuck. Error codes only.
CREATE TABLE read_model_control.projector_status (
  consumer_group   text        NOT NULL,
  topic            text        NOT NULL,
  partition        integer     NOT NULL,
  last_progress_at timestamptz,
  failing_since    timestamptz,
  stuck_since      timestamptz,
  last_error       text,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, topic, partition)
);

-- Down Migration
DROP TABLE read_model_control.projector_status;

DO $$
DECLARE
  generation_schema record;
  current_schema_name text;
BEGIN
  SELECT schema_name INTO current_schema_name FROM read_model_control.current_generation;
  IF current_schema_name IS NOT NULL THEN
    DROP VIEW read_model.projection_positions;
  END IF;
  FOR generation_schema IN
    SELECT schema_name FROM read_model_control.generations WHERE status IN ('BUILDING', 'CURRENT', 'RETIRED')
  LOOP
    EXECUTE format(
      'ALTER TABLE %I.projection_positions DROP COLUMN IF EXISTS repair_since, '
      'DROP COLUMN IF EXISTS repair_sequence, DROP COLUMN IF EXISTS repair_reason',
      generation_schema.schema_name
    );
  END LOOP;
  IF current_schema_name IS NOT NULL THEN
    EXECUTE format('CREATE VIEW read_model.projection_positions AS SELECT * FROM %I.projection_positions', current_schema_name);
  END IF;
END
$$;
