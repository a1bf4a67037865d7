-- Every LLM call the pipeline made, with what it cost: tokens and seconds per packet and document (cost per packet).
CREATE TABLE llm_calls (
  id                 bigserial PRIMARY KEY,
  tenant_id          text     NOT NULL,
  packet_id          text     NOT NULL,
  document_id        text     NOT NULL,
  segment            integer  NOT NULL,
  purpose            text     NOT NULL,
  provider           text     NOT NULL,
  model              text     NOT NULL,
  prompt_tokens      integer  NOT NULL,
  completion_tokens  integer  NOT NULL,
  seconds            real     NOT NULL,
  cached             boolean  NOT NULL,
  at                 timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, packet_id) REFERENCES packets (tenant_id, packet_id) ON DELETE CASCADE
);
CREATE INDEX llm_calls_packet ON llm_calls (tenant_id, packet_id);
