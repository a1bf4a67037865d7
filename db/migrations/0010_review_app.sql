-- The underwriter review app (review/): local accounts, sessions, claims on packets and the reviewer's work in
-- progress (finding resolutions, requested documents) until the packet is approved or returned through the
-- workflow's `review` update. Every row names its tenant; every query of db/review-repository.ts filters by it.

-- A person who signs in. Email is unique across tenants (one sign-in form, no tenant picker); a user belongs to one
-- tenant. `password_hash` is scrypt in PHC-like form (review/auth/password-hash.ts); NULL for accounts that sign in
-- through an external identity provider (`issuer` + `subject`), which replaces the local provider later.
CREATE TABLE review_users (
  user_id        text        PRIMARY KEY,
  tenant_id      text        NOT NULL,
  email          text        NOT NULL,
  display_name   text        NOT NULL,
  role           text        NOT NULL CHECK (role IN ('underwriter', 'lead', 'analyst', 'admin')),
  password_hash  text,
  issuer         text,
  subject        text,
  disabled       boolean     NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (issuer, subject)
);
CREATE UNIQUE INDEX review_users_email ON review_users (lower(email));
CREATE INDEX review_users_tenant ON review_users (tenant_id);

-- A signed-in browser. Only the sha256 of the random session id is stored (a leaked table signs nobody in); the
-- CSRF token is per session and sent back by the client in a header on every state-changing request.
CREATE TABLE review_sessions (
  id_hash     text        PRIMARY KEY,
  user_id     text        NOT NULL REFERENCES review_users (user_id) ON DELETE CASCADE,
  tenant_id   text        NOT NULL,
  csrf_token  text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);
CREATE INDEX review_sessions_user ON review_sessions (user_id);
CREATE INDEX review_sessions_expiry ON review_sessions (expires_at);

-- Who works a packet now: one claim per packet, expiring unless its holder keeps acting on the packet.
CREATE TABLE review_claims (
  tenant_id   text        NOT NULL,
  packet_id   text        NOT NULL,
  user_id     text        NOT NULL REFERENCES review_users (user_id) ON DELETE CASCADE,
  claimed_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, packet_id),
  FOREIGN KEY (tenant_id, packet_id) REFERENCES packets (tenant_id, packet_id) ON DELETE CASCADE
);

-- A reviewer's resolution of a finding before the packet is closed; sent with the `review` update, which then sets
-- findings.status (db/packet-repository.ts saveReview).
CREATE TABLE review_resolutions (
  tenant_id    text        NOT NULL,
  packet_id    text        NOT NULL,
  finding_id   text        NOT NULL,
  resolution   text        NOT NULL CHECK (resolution IN ('confirmed', 'dismissed')),
  reason       text,
  user_id      text        NOT NULL REFERENCES review_users (user_id),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, packet_id, finding_id),
  FOREIGN KEY (tenant_id, packet_id, finding_id) REFERENCES findings (tenant_id, packet_id, finding_id) ON DELETE CASCADE,
  CHECK (resolution = 'confirmed' OR length(coalesce(reason, '')) > 0)
);

-- The documents to ask the borrower for (an editable list) and the reviewer's note, sent when the packet is returned.
CREATE TABLE review_requests (
  tenant_id            text        NOT NULL,
  packet_id            text        NOT NULL,
  requested_documents  jsonb       NOT NULL DEFAULT '[]',
  note                 text,
  user_id              text        NOT NULL REFERENCES review_users (user_id),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, packet_id),
  FOREIGN KEY (tenant_id, packet_id) REFERENCES packets (tenant_id, packet_id) ON DELETE CASCADE
);

-- Reviewer history is read per packet and per tenant, newest first.
CREATE INDEX audit_log_packet ON audit_log (tenant_id, packet_id, at);

-- 0001's row trigger refuses UPDATE and DELETE; TRUNCATE skips row triggers, so refuse it per statement too.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
