-- Guideline passages each finding cites (issue 5): the top hybrid-search hits over the tenant's ingested guidelines,
-- as [{source, title, section, sectionPath, page, excerpt, score}], best first. Empty when the tenant has no guidelines:
-- the finding still carries its rule's citation (0008).
ALTER TABLE findings ADD COLUMN passages jsonb NOT NULL DEFAULT '[]';

-- What the borrower must send or explain, composed from the findings (core/borrower-request.ts) when they are stored:
-- one row per packet, items as [{itemId, kind, text, section, topic, findingIds}] in guideline order. A draft until the
-- underwriter edits or sends it (the review app); `ready_ms` is the KPI: time from the packet's arrival
-- (packets.received_at) to the list, kept from the first time it was composed.
CREATE TABLE borrower_requests (
  tenant_id   text        NOT NULL,
  packet_id   text        NOT NULL,
  items       jsonb       NOT NULL,
  status      text        NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'edited', 'sent')),
  ready_ms    integer     NOT NULL CHECK (ready_ms >= 0),
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, packet_id),
  FOREIGN KEY (tenant_id, packet_id) REFERENCES packets (tenant_id, packet_id) ON DELETE CASCADE
);
