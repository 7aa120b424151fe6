-- Cluster mode: Swift (tempauth) tokens the gateway saw handed out through its /auth pass-through,
-- so it knows whose a token is when it comes back on /api or an execute request.
CREATE TABLE swift_tokens (
  token_hash  TEXT PRIMARY KEY,           -- sha256 of the token; the token itself is kept only in memory
  account     TEXT NOT NULL,              -- storage account, e.g. AUTH_admin
  user        TEXT NOT NULL,              -- the `account:user` that logged in
  expires_ms  INTEGER NOT NULL
);
CREATE INDEX swift_tokens_expiry ON swift_tokens(expires_ms);
