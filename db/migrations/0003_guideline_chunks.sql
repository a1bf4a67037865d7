-- Guidelines RAG: a tenant's guideline documents become chunks with their section path and page, an embedding and
-- a full-text vector. Only chunks, embeddings and references are stored: the documents stay where they are.

-- One row per ingested document: its reference, the sha256 of the bytes read and how they were chunked and embedded.
-- Re-ingesting a document with the same hash, chunking and model is a no-op.
CREATE TABLE guideline_sources (
  tenant_id        text        NOT NULL,
  source_uri       text        NOT NULL,
  source_sha256    text        NOT NULL,
  media_type       text        NOT NULL,
  title            text,
  chunking         text        NOT NULL,
  embedding_model  text        NOT NULL,
  embedding_dim    integer     NOT NULL CHECK (embedding_dim > 0),
  chunk_count      integer     NOT NULL CHECK (chunk_count >= 0),
  ingested_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, source_uri)
);

-- Any embedding dimension, recorded per chunk: 0001 fixed vector(384). An HNSW index needs a fixed dimension, so
-- each common one gets a partial expression index; a query names the same cast and `embedding_dim = N` to use it.
-- Other dimensions (up to pgvector's limit) still work, by exact scan. One model per tenant is enforced by
-- db/chunk-repository.ts, which refuses to mix.
DROP INDEX chunks_embedding_hnsw;
ALTER TABLE chunks DROP CONSTRAINT chunks_embedding_dim_check;
ALTER TABLE chunks ALTER COLUMN embedding TYPE vector;
ALTER TABLE chunks ADD CONSTRAINT chunks_embedding_dim_check
  CHECK (embedding_dim BETWEEN 1 AND 16000 AND vector_dims(embedding) = embedding_dim);

-- Position of the chunk in its document, and the full-text vector: section path weighted above the body.
ALTER TABLE chunks ADD COLUMN ordinal integer NOT NULL DEFAULT 0;
ALTER TABLE chunks ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english', section_path), 'A') || setweight(to_tsvector('english', content), 'B')
) STORED;

CREATE INDEX chunks_tsv ON chunks USING gin (tsv);
CREATE INDEX chunks_tenant_model ON chunks (tenant_id, embedding_model, embedding_dim);
CREATE INDEX chunks_embedding_hnsw ON chunks USING hnsw ((embedding::vector(384)) vector_cosine_ops) WHERE embedding_dim = 384;
CREATE INDEX chunks_embedding_hnsw_768 ON chunks USING hnsw ((embedding::vector(768)) vector_cosine_ops) WHERE embedding_dim = 768;
CREATE INDEX chunks_embedding_hnsw_1024 ON chunks USING hnsw ((embedding::vector(1024)) vector_cosine_ops) WHERE embedding_dim = 1024;
CREATE INDEX chunks_embedding_hnsw_1536 ON chunks USING hnsw ((embedding::vector(1536)) vector_cosine_ops) WHERE embedding_dim = 1536;
