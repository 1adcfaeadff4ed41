-- Up Migration
-- Individual cases (ADR 0012). Contents are stored only sealed (AES-256-GCM under a per-case
-- key); the keys live in a separate database (the key store), never in this one, so a backup
-- of this database cannot be read once a case's key is deleted.
CREATE SCHEMA IF NOT EXISTS cases;

CREATE TABLE cases.individual_cases (
  case_ref        text        PRIMARY KEY
                  CHECK (case_ref ~ '^case-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'),
  cycle_id        text        NOT NULL,
  action_point_id text        NOT NULL,
  country         text        NOT NULL,
  ciphertext      bytea,
  iv              bytea,
  auth_tag        bytea,
  created_at      timestamptz NOT NULL DEFAULT now(),
  created_by      text        NOT NULL,
  erased_at       timestamptz,
  erased_by       text,
  erasure_reason  text,
  -- Sealed content until erased, none after.
  CHECK ((erased_at IS NULL) = (ciphertext IS NOT NULL AND iv IS NOT NULL AND auth_tag IS NOT NULL))
);
CREATE INDEX ON cases.individual_cases (cycle_id, action_point_id);

-- Need-to-know grants; a revocation is recorded, never deleted, and a user holds at most one
-- active grant per case.
CREATE TABLE cases.grants (
  id         bigserial   PRIMARY KEY,
  case_ref   text        NOT NULL REFERENCES cases.individual_cases ON DELETE CASCADE,
  user_id    text        NOT NULL,
  granted_by text        NOT NULL,
  granted_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  revoked_by text
);
CREATE UNIQUE INDEX grants_one_active ON cases.grants (case_ref, user_id) WHERE revoked_at IS NULL;

-- One row per successful read of a case's name or details. No foreign key: the audit outlives
-- the case, including its erasure.
CREATE TABLE cases.read_audit (
  id       bigserial   PRIMARY KEY,
  case_ref text        NOT NULL,
  user_id  text        NOT NULL,
  role     text        NOT NULL,
  reason   text        NOT NULL,
  what     text        NOT NULL CHECK (what IN ('details', 'name')),
  read_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON cases.read_audit (case_ref, id);

CREATE FUNCTION cases.refuse_read_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'cases.read_audit is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER read_audit_append_only BEFORE UPDATE OR DELETE ON cases.read_audit
  FOR EACH ROW EXECUTE FUNCTION cases.refuse_read_audit_change();
CREATE TRIGGER read_audit_no_truncate BEFORE TRUNCATE ON cases.read_audit
  FOR EACH STATEMENT EXECUTE FUNCTION cases.refuse_read_audit_change();

-- Down Migration
DROP SCHEMA cases CASCADE;
