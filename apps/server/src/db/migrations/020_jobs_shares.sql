-- Jobs (async API and ZeroCloud executions) and share links. Owned by src/jobs and src/shares.
CREATE TABLE jobs (
  id           TEXT PRIMARY KEY,
  account      TEXT NOT NULL,             -- storage account of the caller, e.g. AUTH_admin
  user         TEXT NOT NULL,
  origin       TEXT NOT NULL,             -- 'api' (POST /api/jobs) or 'exec' (X-Zerovm-Execute)
  status       TEXT NOT NULL,             -- queued | running | ok | failed | cancelled
  job          TEXT NOT NULL,             -- the job document as submitted (JSON)
  instances    INTEGER NOT NULL DEFAULT 0,
  report       TEXT,                      -- JSON report once finished
  error        TEXT,                      -- JSON {code, message, path?} when the job itself failed
  created_ms   INTEGER NOT NULL,
  started_ms   INTEGER,
  finished_ms  INTEGER
);
CREATE INDEX jobs_by_account ON jobs(account, created_ms DESC, id DESC);
CREATE INDEX jobs_by_status ON jobs(status);

CREATE TABLE shares (
  id          TEXT PRIMARY KEY,           -- content address of the document (see shares/shareId.ts)
  doc         TEXT NOT NULL,              -- canonical JSON
  size        INTEGER NOT NULL,
  account     TEXT,                       -- who first shared it, when authenticated
  created_ms  INTEGER NOT NULL
);
