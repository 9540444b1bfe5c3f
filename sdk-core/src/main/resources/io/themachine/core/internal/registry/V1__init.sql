-- The Machine registry, schema version 1. No column holds a path outside the store, an original
-- file name or a tag value: recordings are known by content id and pseudonym only.

CREATE TABLE artifacts (
  id          TEXT PRIMARY KEY,            -- sha256:<hex> of the stored bytes
  kind        TEXT NOT NULL,
  path        TEXT NOT NULL UNIQUE,        -- relative to the store: sha256/ab/<hex>.<ext>
  size        INTEGER NOT NULL,
  media       TEXT,                        -- JSON MediaInfo, when probed
  labels      TEXT,                        -- JSON object of short attributes
  created_job TEXT,                        -- the job that first produced it
  created_at  INTEGER NOT NULL             -- epoch milliseconds
);

CREATE TABLE call_groups (
  id         TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL
);

CREATE TABLE recordings (
  artifact_id TEXT PRIMARY KEY REFERENCES artifacts(id),
  pseudonym   TEXT NOT NULL UNIQUE,        -- keyed HMAC of the content id
  stored_as   TEXT NOT NULL,               -- opaque | stream-copy | lossless-reencode
  had_tags    INTEGER,                     -- 1 when the original carried tags (values never kept)
  group_id    TEXT REFERENCES call_groups(id),
  role        TEXT,                        -- left | right | mixed within a call group
  ingest_job  TEXT NOT NULL,
  ingested_at INTEGER NOT NULL
);

CREATE TABLE artifact_parents (
  artifact_id TEXT NOT NULL REFERENCES artifacts(id),
  parent_id   TEXT NOT NULL REFERENCES artifacts(id),
  ordinal     INTEGER NOT NULL,
  PRIMARY KEY (artifact_id, parent_id)
);

CREATE TABLE runs (
  id          TEXT PRIMARY KEY,            -- UUIDv7
  pipeline    TEXT NOT NULL,               -- SHA-256 of the canonical pipeline
  state       TEXT NOT NULL,
  started_at  INTEGER NOT NULL,
  finished_at INTEGER,
  counts      TEXT
);

CREATE TABLE jobs (
  id          TEXT PRIMARY KEY,            -- UUIDv7
  run_id      TEXT,                        -- null for ingest jobs
  step_name   TEXT NOT NULL,
  extension   TEXT NOT NULL,
  version     TEXT NOT NULL,
  params      TEXT NOT NULL,               -- canonical JSON
  step_key    TEXT,
  inputs      TEXT NOT NULL,               -- JSON array of artifact ids
  state       TEXT NOT NULL,               -- queued | running | done | failed | cancelled | cached
  queued_at   INTEGER NOT NULL,
  started_at  INTEGER,
  finished_at INTEGER,
  error       TEXT                         -- never a path
);
CREATE INDEX jobs_by_state ON jobs(state);
CREATE INDEX jobs_by_run ON jobs(run_id);

CREATE TABLE steps (
  step_key      TEXT PRIMARY KEY,
  job_id        TEXT NOT NULL REFERENCES jobs(id),
  extension     TEXT NOT NULL,
  version       TEXT NOT NULL,
  params        TEXT NOT NULL,
  tool_versions TEXT NOT NULL,
  completed_at  INTEGER NOT NULL
);

CREATE TABLE step_outputs (
  step_key    TEXT NOT NULL REFERENCES steps(step_key),
  ordinal     INTEGER NOT NULL,
  artifact_id TEXT NOT NULL REFERENCES artifacts(id),
  PRIMARY KEY (step_key, ordinal)
);
CREATE INDEX step_outputs_by_artifact ON step_outputs(artifact_id);

CREATE TABLE metrics (
  artifact_id TEXT NOT NULL REFERENCES artifacts(id),
  name        TEXT NOT NULL,
  step_key    TEXT NOT NULL,
  value       REAL,                        -- null for non-finite numbers and JSON metrics
  json        TEXT,
  PRIMARY KEY (artifact_id, name, step_key)
);

-- Skips re-hashing an unchanged source on re-ingest: keyed by the file system's identity of the
-- file (device and inode), its size and modification time; never by its path.
CREATE TABLE hash_memo (
  file_key    TEXT NOT NULL,
  size        INTEGER NOT NULL,
  mtime_ns    INTEGER NOT NULL,
  artifact_id TEXT NOT NULL REFERENCES artifacts(id),
  PRIMARY KEY (file_key, size, mtime_ns)
);
