-- Docket schema v1. Forward-only: never edit a migration that has shipped; add the next one.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE packets (
  tenant_id     text        NOT NULL,
  packet_id     text        NOT NULL,
  workflow_id   text        NOT NULL,
  loan_number   text,
  submitted_at  timestamptz NOT NULL,
  received_at   timestamptz NOT NULL DEFAULT now(),
  applicants    jsonb       NOT NULL,
  intake        text        NOT NULL,
  status        text        NOT NULL DEFAULT 'processing'
                CHECK (status IN ('processing', 'clear', 'needs_review', 'incomplete', 'failed')),
  phase         text        NOT NULL DEFAULT 'processing'
                CHECK (phase IN ('processing', 'awaiting_review', 'done')),
  decided_at    timestamptz,
  decision      jsonb,
  PRIMARY KEY (tenant_id, packet_id)
);

CREATE TABLE documents (
  tenant_id        text    NOT NULL,
  packet_id        text    NOT NULL,
  document_id      text    NOT NULL,
  uri              text    NOT NULL,
  media_type       text    NOT NULL,
  sha256           text    NOT NULL,
  filename         text    NOT NULL,
  status           text    NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'read', 'unreadable')),
  doc_type         text,
  type_confidence  real,
  page_count       integer,
  error_code       text,
  error_message    text,
  PRIMARY KEY (tenant_id, packet_id, document_id),
  FOREIGN KEY (tenant_id, packet_id) REFERENCES packets (tenant_id, packet_id) ON DELETE CASCADE
);

CREATE TABLE pages (
  tenant_id       text    NOT NULL,
  packet_id       text    NOT NULL,
  document_id     text    NOT NULL,
  page_number     integer NOT NULL,
  source          text    NOT NULL CHECK (source IN ('text-layer', 'ocr')),
  ocr_confidence  real,
  width           real    NOT NULL,
  height          real    NOT NULL,
  text            text    NOT NULL,
  lines           jsonb   NOT NULL,
  PRIMARY KEY (tenant_id, packet_id, document_id, page_number),
  FOREIGN KEY (tenant_id, packet_id, document_id) REFERENCES documents (tenant_id, packet_id, document_id) ON DELETE CASCADE
);

CREATE TABLE fields (
  tenant_id    text    NOT NULL,
  packet_id    text    NOT NULL,
  document_id  text    NOT NULL,
  name         text    NOT NULL,
  value        text    NOT NULL,
  normalized   text,
  confidence   real    NOT NULL,
  page_number  integer NOT NULL,
  bbox         jsonb   NOT NULL,
  source       text    NOT NULL CHECK (source IN ('text-layer', 'ocr', 'llm', 'reviewer')),
  evidence     text    NOT NULL,
  PRIMARY KEY (tenant_id, packet_id, document_id, name),
  FOREIGN KEY (tenant_id, packet_id, document_id) REFERENCES documents (tenant_id, packet_id, document_id) ON DELETE CASCADE
);

CREATE TABLE findings (
  tenant_id     text    NOT NULL,
  packet_id     text    NOT NULL,
  finding_id    text    NOT NULL,
  code          text    NOT NULL,
  severity      text    NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
  message       text    NOT NULL,
  document_ids  text[]  NOT NULL DEFAULT '{}',
  evidence      jsonb   NOT NULL DEFAULT '[]',
  status        text    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed', 'dismissed')),
  PRIMARY KEY (tenant_id, packet_id, finding_id),
  FOREIGN KEY (tenant_id, packet_id) REFERENCES packets (tenant_id, packet_id) ON DELETE CASCADE
);

CREATE TABLE review_actions (
  tenant_id   text        NOT NULL,
  packet_id   text        NOT NULL,
  action_id   text        NOT NULL,
  actor       text        NOT NULL,
  action      text        NOT NULL,
  payload     jsonb       NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, packet_id, action_id),
  FOREIGN KEY (tenant_id, packet_id) REFERENCES packets (tenant_id, packet_id) ON DELETE CASCADE
);

-- Append-only: the trigger below refuses UPDATE and DELETE, so history cannot be rewritten through the app role.
CREATE TABLE audit_log (
  id          bigserial   PRIMARY KEY,
  tenant_id   text        NOT NULL,
  packet_id   text,
  actor       text        NOT NULL,
  action      text        NOT NULL,
  before      jsonb,
  after       jsonb,
  at          timestamptz NOT NULL DEFAULT now(),
  dedupe_key  text        UNIQUE
);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

-- RAG over the lender's guidelines: only chunks, embeddings and references; the sources stay where they are.
CREATE TABLE chunks (
  id               bigserial PRIMARY KEY,
  tenant_id        text      NOT NULL,
  source_uri       text      NOT NULL,
  source_sha256    text      NOT NULL,
  section_path     text      NOT NULL,
  page             integer,
  content          text      NOT NULL,
  embedding_model  text      NOT NULL,
  embedding_dim    integer   NOT NULL CHECK (embedding_dim = 384),
  embedding        vector(384) NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX chunks_embedding_hnsw ON chunks USING hnsw (embedding vector_cosine_ops);
CREATE INDEX chunks_tenant_source ON chunks (tenant_id, source_uri);
CREATE INDEX findings_open ON findings (tenant_id, status);
CREATE INDEX packets_phase ON packets (tenant_id, phase);
