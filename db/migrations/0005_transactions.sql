-- Rows of a document's transaction table (bank statements), each with the page and box it was read from.
CREATE TABLE transactions (
  tenant_id    text     NOT NULL,
  packet_id    text     NOT NULL,
  document_id  text     NOT NULL,
  segment      integer  NOT NULL,
  row_index    integer  NOT NULL,
  txn_date     date     NOT NULL,
  description  text     NOT NULL,
  amount       numeric(14, 2) NOT NULL,
  balance      numeric(14, 2),
  page_number  integer  NOT NULL,
  bbox         jsonb    NOT NULL,
  confidence   real     NOT NULL,
  PRIMARY KEY (tenant_id, packet_id, document_id, segment, row_index),
  FOREIGN KEY (tenant_id, packet_id, document_id) REFERENCES documents (tenant_id, packet_id, document_id) ON DELETE CASCADE
);
