-- Dashboards (review/dashboards): when the pipeline first decided a packet. `decided_at` moves to the reviewer's
-- decision when a packet is reviewed, so the automated decision, the moment its flags reach the review queue, would
-- be lost; this column keeps the first one. Set by the trigger below, so no writer has to know about it.
ALTER TABLE packets ADD COLUMN first_decided_at timestamptz;

-- Packets decided before this migration: the first decision is known only where no review has replaced it.
UPDATE packets SET first_decided_at = decided_at
 WHERE decided_at IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM review_actions r WHERE r.tenant_id = packets.tenant_id AND r.packet_id = packets.packet_id);

CREATE FUNCTION packets_keep_first_decision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.decided_at IS NOT NULL AND NEW.first_decided_at IS NULL THEN
    NEW.first_decided_at := NEW.decided_at;
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER packets_first_decision BEFORE INSERT OR UPDATE OF decided_at ON packets
  FOR EACH ROW EXECUTE FUNCTION packets_keep_first_decision();

-- Operations charts read a tenant's packets by arrival day.
CREATE INDEX packets_received ON packets (tenant_id, received_at);
