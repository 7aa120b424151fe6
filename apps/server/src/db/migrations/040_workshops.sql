-- Workshops (workshops/workshopService.ts): an account admin's lesson link that students join.
-- Each student is a plain user of the account in the workshop's group `ws-<id>`.
CREATE TABLE workshops (
  id          TEXT PRIMARY KEY,           -- random, unguessable: the link is the invitation
  account     TEXT NOT NULL,              -- bare account name, e.g. course
  owner       TEXT NOT NULL,              -- the instructor (an admin of the account)
  title       TEXT NOT NULL,
  lesson      TEXT NOT NULL,              -- the web app's lesson id
  read_c      TEXT NOT NULL,              -- JSON list of containers students may read
  write_c     TEXT NOT NULL,              -- JSON list of containers students may write
  created_ms  INTEGER NOT NULL,
  closed_ms   INTEGER                     -- no more joins once set
);
CREATE INDEX workshops_by_account ON workshops(account, created_ms);
CREATE TABLE workshop_students (
  workshop    TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
  user        TEXT NOT NULL,
  joined_ms   INTEGER NOT NULL,
  PRIMARY KEY (workshop, user)
);
