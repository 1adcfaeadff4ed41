-- Up Migration
-- Need-to-know cannot be widened by oneself (issue 14): every grant and revocation names a
-- reason and is written to an append-only audit that auditors read; revoking the grant of the
-- desk officer who attached a case takes two people (a request, then another's confirmation).
ALTER TABLE cases.grants ADD COLUMN reason text, ADD COLUMN revocation_reason text;

-- A revocation of the attaching desk officer's grant, waiting for a second person.
CREATE TABLE cases.revocation_requests (
  case_ref     text        NOT NULL REFERENCES cases.individual_cases ON DELETE CASCADE,
  user_id      text        NOT NULL,
  requested_by text        NOT NULL,
  reason       text        NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_ref, user_id)
);

-- One row per grant, revocation request and revocation. No foreign key: it outlives the case.
CREATE TABLE cases.grant_audit (
  id       bigserial   PRIMARY KEY,
  case_ref text        NOT NULL,
  action   text        NOT NULL CHECK (action IN ('GRANTED', 'REVOCATION_REQUESTED', 'REVOKED')),
  user_id  text        NOT NULL,
  actor    text        NOT NULL,
  reason   text        NOT NULL,
  at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON cases.grant_audit (case_ref, id);

CREATE FUNCTION cases.refuse_grant_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'cases.grant_audit is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER grant_audit_append_only BEFORE UPDATE OR DELETE ON cases.grant_audit
  FOR EACH ROW EXECUTE FUNCTION cases.refuse_grant_audit_change();
CREATE TRIGGER grant_audit_no_truncate BEFORE TRUNCATE ON cases.grant_audit
  FOR EACH STATEMENT EXECUTE FUNCTION cases.refuse_grant_audit_change();

-- Down Migration
DROP TABLE cases.grant_audit;
DROP FUNCTION cases.refuse_grant_audit_change();
DROP TABLE cases.revocation_requests;
ALTER TABLE cases.grants DROP COLUMN reason, DROP COLUMN revocation_reason;
