-- Documents inside a file: a packet PDF holds several (URLA, W-2s, statements...). A file read as one document has
-- one segment. Fields belong to a segment: two W-2s in one PDF each keep their own wages.
CREATE TABLE segments (
  tenant_id        text    NOT NULL,
  packet_id        text    NOT NULL,
  document_id      text    NOT NULL,
  segment          integer NOT NULL CHECK (segment >= 1),
  first_page       integer NOT NULL CHECK (first_page >= 1),
  last_page        integer NOT NULL CHECK (last_page >= first_page),
  doc_type         text    NOT NULL,
  type_confidence  real    NOT NULL,
  method           text    NOT NULL,
  PRIMARY KEY (tenant_id, packet_id, document_id, segment),
  FOREIGN KEY (tenant_id, packet_id, document_id) REFERENCES documents (tenant_id, packet_id, document_id) ON DELETE CASCADE
);

ALTER TABLE fields ADD COLUMN segment integer NOT NULL DEFAULT 1;
ALTER TABLE fields DROP CONSTRAINT fields_pkey;
ALTER TABLE fields ADD PRIMARY KEY (tenant_id, packet_id, document_id, segment, name);
