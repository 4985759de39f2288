-- 0003_auth: user accounts, sign-in sessions and API tokens (F3).
--
-- One role per account (三员分立: no account can hold two of admin,
-- security and auditor). Passwords are argon2id PHC strings; session and
-- API tokens are stored only as the hex SHA-256 of the token, so a copy of
-- this table signs nobody in. Session and token times are Unix seconds
-- (expiry arithmetic); user times are "YYYY-MM-DD HH:MM:SS" UTC like the
-- rest of the schema.
CREATE TABLE users (
	id                  INTEGER PRIMARY KEY,
	username            TEXT NOT NULL UNIQUE CHECK (length(username) BETWEEN 3 AND 32),
	display_name        TEXT NOT NULL DEFAULT '',
	role                TEXT NOT NULL CHECK (role IN ('city', 'district', 'enterprise', 'expert',
	                                                  'viewer', 'admin', 'security', 'auditor')),
	district            TEXT,             -- district or zone code: role district only
	uscc                TEXT REFERENCES enterprises (uscc) ON DELETE RESTRICT, -- role enterprise only
	password_hash       TEXT NOT NULL,
	must_change         INTEGER NOT NULL DEFAULT 1 CHECK (must_change IN (0, 1)),
	disabled            INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	created_at          TEXT NOT NULL,
	updated_at          TEXT NOT NULL,
	password_changed_at TEXT NOT NULL,
	last_login          TEXT,
	CHECK ((role = 'district') = (district IS NOT NULL)),
	CHECK ((role = 'enterprise') = (uscc IS NOT NULL))
);
CREATE INDEX users_role ON users (role);

CREATE TABLE sessions (
	id         INTEGER PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,          -- Unix seconds
	last_seen  INTEGER NOT NULL,
	ip         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
	id         INTEGER PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name       TEXT NOT NULL,
	scope      TEXT NOT NULL CHECK (scope IN ('read', 'write')),
	created_at INTEGER NOT NULL,          -- Unix seconds
	expires_at INTEGER,                   -- NULL: until revoked
	last_used  INTEGER,
	revoked_at INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
