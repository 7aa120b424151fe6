-- Large objects, symlinks, expiring objects, inline small objects, versioned writes, account ACLs,
-- quotas and API-made users (issue 12). Owned by src/storage and src/auth.

-- Bytes of small objects live in the database (one WAL fsync commits them with their row).
CREATE TABLE object_data (
  id     INTEGER PRIMARY KEY,
  bytes  BLOB NOT NULL
);

-- objects gains nullable `blob` (inline and empty objects have no file), so it is rebuilt.
CREATE TABLE objects_v2 (
  container_id  INTEGER NOT NULL REFERENCES containers(id) ON DELETE CASCADE,
  name          TEXT NOT NULL,
  blob          TEXT UNIQUE,              -- file id under <data>/objects; NULL: inline or empty
  data_id       INTEGER REFERENCES object_data(id),  -- inline bytes
  size          INTEGER NOT NULL,         -- listing bytes (an SLO: the sum of its segments)
  etag          TEXT NOT NULL,            -- hex MD5 of the stored bytes (an SLO: of its manifest)
  content_type  TEXT NOT NULL,
  modified_ms   INTEGER NOT NULL,
  ts            TEXT NOT NULL,            -- X-Timestamp
  meta          TEXT NOT NULL DEFAULT '{}',
  kind          INTEGER NOT NULL DEFAULT 0, -- 0 plain, 1 DLO (X-Object-Manifest), 2 SLO
  manifest      TEXT,                     -- DLO: "<container>/<prefix>"
  stored_size   INTEGER,                  -- SLO: bytes of the stored manifest
  slo_etag      TEXT,                     -- SLO: MD5 of the segments' etags
  delete_at     INTEGER,                  -- X-Delete-At (seconds); NULL: never
  link          TEXT,                     -- symlink: JSON {target, account?, etag?, bytes?}
  PRIMARY KEY (container_id, name)
) WITHOUT ROWID;

INSERT INTO objects_v2 (container_id, name, blob, size, etag, content_type, modified_ms, ts, meta)
  SELECT container_id, name, blob, size, etag, content_type, modified_ms, ts, meta FROM objects;

DROP TRIGGER objects_counters_insert;
DROP TRIGGER objects_counters_delete;
DROP TRIGGER objects_counters_update;
DROP TABLE objects;
ALTER TABLE objects_v2 RENAME TO objects;

CREATE INDEX objects_delete_at ON objects(delete_at) WHERE delete_at IS NOT NULL;

CREATE TRIGGER objects_counters_insert AFTER INSERT ON objects BEGIN
  UPDATE containers SET object_count = object_count + 1, bytes_used = bytes_used + NEW.size
   WHERE id = NEW.container_id;
END;

CREATE TRIGGER objects_counters_delete AFTER DELETE ON objects BEGIN
  UPDATE containers SET object_count = object_count - 1, bytes_used = bytes_used - OLD.size
   WHERE id = OLD.container_id;
  DELETE FROM object_data WHERE id = OLD.data_id;
END;

CREATE TRIGGER objects_counters_update AFTER UPDATE OF size, container_id ON objects BEGIN
  UPDATE containers SET object_count = object_count - 1, bytes_used = bytes_used - OLD.size
   WHERE id = OLD.container_id;
  UPDATE containers SET object_count = object_count + 1, bytes_used = bytes_used + NEW.size
   WHERE id = NEW.container_id;
END;

CREATE TRIGGER objects_data_replaced AFTER UPDATE OF data_id ON objects
  WHEN OLD.data_id IS NOT NULL AND OLD.data_id IS NOT NEW.data_id BEGIN
  DELETE FROM object_data WHERE id = OLD.data_id;
END;

-- Containers: Last-Modified (PUT/POST time) and versioned writes.
ALTER TABLE containers ADD COLUMN modified_ms INTEGER NOT NULL DEFAULT 0;
UPDATE containers SET modified_ms = created_at;
ALTER TABLE containers ADD COLUMN versions TEXT NOT NULL DEFAULT '';      -- container name
ALTER TABLE containers ADD COLUMN versions_mode TEXT NOT NULL DEFAULT ''; -- stack | history

-- Accounts: X-Account-Access-Control (normalized JSON), '' = none.
ALTER TABLE accounts ADD COLUMN acl TEXT NOT NULL DEFAULT '';

-- Users: tempauth groups (space-separated; `.admin` = owner of the account) and where the
-- user came from: 'config' (ZEROLAB_USERS, replaced at every start) or 'api' (kept).
ALTER TABLE users ADD COLUMN groups TEXT NOT NULL DEFAULT '.admin';
ALTER TABLE users ADD COLUMN source TEXT NOT NULL DEFAULT 'config';
