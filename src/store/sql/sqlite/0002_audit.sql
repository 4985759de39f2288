-- 0002_audit: the append-only, hash-chained audit log (GB/T 22239-2019 level 3:
-- who, when, from where, what, before and after). Rows are never updated or
-- deleted; app/audit.c computes hash = SM3(canonical row || prev_hash).
CREATE TABLE audit_log (
	seq INTEGER PRIMARY KEY,            -- 1, 2, 3, ... without gaps
	time TEXT NOT NULL,                 -- "YYYY-MM-DD HH:MM:SS" UTC
	actor TEXT NOT NULL,                -- user name, or "cli:<login>"
	role TEXT NOT NULL DEFAULT '',
	ip TEXT NOT NULL DEFAULT '',
	action TEXT NOT NULL,               -- e.g. "enterprise.update", "import.annual"
	entity TEXT NOT NULL,               -- e.g. "enterprise", "user", "import"
	entity_id TEXT NOT NULL DEFAULT '',
	before TEXT,                        -- JSON, NULL for creations
	after TEXT,                         -- JSON, NULL for deletions
	prev_hash TEXT NOT NULL,            -- hash of seq - 1 (64 zeros for seq 1)
	hash TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, seq);
CREATE INDEX audit_log_actor ON audit_log (actor, seq);
CREATE INDEX audit_log_time ON audit_log (time);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
