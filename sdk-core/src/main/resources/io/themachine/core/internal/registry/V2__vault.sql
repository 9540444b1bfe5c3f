-- Schema version 2: the vault. With LibraryOptions.vault(true), ingest keeps each recording's
-- original relative name encrypted (AES-256-GCM, key derived from the library secret, the artifact
-- id as associated data), so not even a raw byte search of this file finds it. Never exported;
-- only Librarian.reveal decrypts it.
CREATE TABLE vault (
  artifact_id TEXT NOT NULL REFERENCES artifacts(id),
  nonce       BLOB NOT NULL,
  sealed      BLOB NOT NULL,
  PRIMARY KEY (artifact_id, nonce)
);
