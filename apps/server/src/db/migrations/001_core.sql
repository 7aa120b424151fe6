-- Accounts, containers, the object index, users and tokens.
CREATE TABLE accounts (
  name        TEXT PRIMARY KEY,           -- storage account, e.g. AUTH_admin
  created_at  INTEGER NOT NULL,           -- ms since epoch
  meta        TEXT NOT NULL DEFAULT '{}'  -- JSON: lower-cased X-Account-Meta-* header -> value
);

CREATE TABLE containers (
  id          INTEGER PRIMARY KEY,
  account     TEXT NOT NULL REFERENCES accounts(name) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  put_ts      TEXT NOT NULL,              -- Swift X-Timestamp (seconds.micros)
  meta        TEXT NOT NULL DEFAULT '{}',
  read_acl    TEXT NOT NULL DEFAULT '',
  write_acl   TEXT NOT NULL DEFAULT '',
  UNIQUE (account, name)
);

CREATE TABLE objects (
  container_id  INTEGER NOT NULL REFERENCES containers(id) ON DELETE CASCADE,
  name          TEXT NOT NULL,
  blob          TEXT NOT NULL UNIQUE,     -- file id under <data>/objects
  size          INTEGER NOT NULL,
  etag          TEXT NOT NULL,            -- hex MD5 of the bytes
  content_type  TEXT NOT NULL,
  modified_ms   INTEGER NOT NULL,
  ts            TEXT NOT NULL,            -- X-Timestamp
  meta          TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (container_id, name)
) WITHOUT ROWID;

CREATE TABLE users (
  account   TEXT NOT NULL,                -- bare account name (admin), storage account is AUTH_<account>
  user      TEXT NOT NULL,
  key_hash  TEXT NOT NULL,                -- scrypt, see auth/keyHash.ts
  PRIMARY KEY (account, user)
);

CREATE TABLE tokens (
  token_hash  TEXT PRIMARY KEY,           -- sha256 of the token; the token itself is never stored
  account     TEXT NOT NULL,
  user        TEXT NOT NULL,
  expires_ms  INTEGER NOT NULL
);
CREATE INDEX tokens_expiry ON tokens(expires_ms);
