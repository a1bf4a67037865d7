-- Marks on forms: signatures (and, next, check boxes), each with the area examined and how it was decided.
CREATE TABLE marks (
  tenant_id    text     NOT NULL,
  packet_id    text     NOT NULL,
  document_id  text     NOT NULL,
  segment      integer  NOT NULL,
  name         text     NOT NULL,
  kind         text     NOT NULL CHECK (kind IN ('signature', 'checkbox')),
  present      boolean  NOT NULL,
  page_number  integer  NOT NULL,
  bbox         jsonb    NOT NULL,
  confidence   real     NOT NULL,
  method       text     NOT NULL,
  PRIMARY KEY (tenant_id, packet_id, document_id, segment, name),
  FOREIGN KEY (tenant_id, packet_id, document_id) REFERENCES documents (tenant_id, packet_id, document_id) ON DELETE CASCADE
);
