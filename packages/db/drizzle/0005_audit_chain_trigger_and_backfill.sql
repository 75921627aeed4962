-- The audit chain (ADR 11). Every audit_log row stores prev_hash (the hash of the row before it in id
-- order; 64 zeros for the first) and hash = sha256(prev_hash || canonical content). A BEFORE INSERT
-- trigger builds the chain: it locks the single audit_chain_head row, takes the next id from it (so
-- id order = chain order = commit order), computes the hash and moves the head. The lock is
-- held until the inserting transaction ends; audited() writes the audit rows last, so the serialized
-- section is the audit insert plus the commit.
--
-- The canonical content is a JSON array (format version 1) whose text form PostgreSQL produces the same
-- way on every server and on PGlite; `audit:verify` (src/audit-chain.ts) recomputes it with its own copy
-- of this expression and must agree with it.
CREATE OR REPLACE FUNCTION audit_log_canonical(r audit_log) RETURNS text
  LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
  SELECT jsonb_build_array(
    1,
    r.id,
    to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    r.actor_id::text,
    r.action,
    r.entity_type,
    r.entity_id,
    CASE WHEN r.before IS NULL THEN NULL ELSE jsonb_build_array(r.before) END,
    CASE WHEN r.after IS NULL THEN NULL ELSE jsonb_build_array(r.after) END,
    r.ip::text
  )::text
$$;
--> statement-breakpoint
-- SECURITY DEFINER: runs as the owner, so the application role needs no privilege on
-- audit_chain_head (only SELECT, for audit:verify) and cannot set id, prev_hash or hash itself.
CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  head audit_chain_head%ROWTYPE;
BEGIN
  SELECT * INTO head FROM audit_chain_head WHERE id = 1 FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'audit_chain_head is missing: the audit chain cannot be extended';
  END IF;
  -- Ids are dense: a rolled-back append released the lock without moving the head, so its id is
  -- reused, and a missing id in the log is a deleted row. (The column's sequence default is unused.)
  NEW.id := head.last_id + 1;
  NEW.prev_hash := head.hash;
  NEW.hash := encode(sha256(convert_to(NEW.prev_hash || audit_log_canonical(NEW), 'UTF8')), 'hex');
  UPDATE audit_chain_head SET last_id = NEW.id, hash = NEW.hash, rows = head.rows + 1 WHERE id = 1;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
INSERT INTO audit_chain_head (id, last_id, hash, rows) VALUES (1, 0, repeat('0', 64), 0);
--> statement-breakpoint
-- Chain the rows written before this migration, in id order.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete;
--> statement-breakpoint
DO $$
DECLARE
  r audit_log%ROWTYPE;
  h text := repeat('0', 64);
  n bigint := 0;
  last bigint := 0;
BEGIN
  FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
    r.prev_hash := h;
    h := encode(sha256(convert_to(h || audit_log_canonical(r), 'UTF8')), 'hex');
    UPDATE audit_log SET prev_hash = r.prev_hash, hash = h WHERE id = r.id;
    n := n + 1;
    last := r.id;
  END LOOP;
  UPDATE audit_chain_head SET last_id = last, hash = h, rows = n WHERE id = 1;
END;
$$;
--> statement-breakpoint
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete;
--> statement-breakpoint
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_chain();
