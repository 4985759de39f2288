-- 0005_workflow: the cultivation workflow (F5). Batches (申报批次), applications with
-- their append-only transition log, attachments (files live on disk, addressed by
-- SHA-256; only metadata here), the expert pool and its scores, objections raised
-- during the public notice (公示), exit decisions, yearly re-evaluations and targets.
-- States, roles and tiers are stored as the keys of core/flow.h and core/tier.h.

CREATE TABLE batches (
	id             INTEGER PRIMARY KEY,
	name           TEXT NOT NULL CHECK (name <> ''),
	tier           TEXT NOT NULL CHECK (tier IN ('candidate', 'innovative', 'srdi',
	                                             'little_giant', 'champion')),
	year           INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2999),
	criteria       TEXT NOT NULL,            -- criteria name, e.g. srdi-2022
	opens          TEXT NOT NULL,
	closes         TEXT NOT NULL CHECK (closes >= opens),
	district_due   TEXT,                     -- 区县初审截止 (NULL: working-day default)
	city_due       TEXT,
	review_due     TEXT,
	notice_days    INTEGER NOT NULL CHECK (notice_days BETWEEN 1 AND 30),
	term_years     INTEGER NOT NULL CHECK (term_years BETWEEN 0 AND 10),
	experts        INTEGER NOT NULL CHECK (experts BETWEEN 1 AND 15),
	blind          INTEGER NOT NULL CHECK (blind IN (0, 1)),
	exclude_linked INTEGER NOT NULL CHECK (exclude_linked IN (0, 1)),
	doc_no         TEXT,                     -- 文号 of the recognition announcement
	created_by     TEXT NOT NULL,
	created_at     TEXT NOT NULL
);
CREATE INDEX batches_tier ON batches (tier, year);

CREATE TABLE applications (
	id            INTEGER PRIMARY KEY,
	batch_id      INTEGER NOT NULL REFERENCES batches (id) ON DELETE RESTRICT,
	uscc          TEXT NOT NULL REFERENCES enterprises (uscc) ON DELETE RESTRICT,
	tier          TEXT NOT NULL,
	renewal       INTEGER NOT NULL CHECK (renewal IN (0, 1)),  -- 复核
	state         TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'returned',
	                  'district_approved', 'city_approved', 'expert_review', 'scored',
	                  'publicized', 'recognized', 'rejected')),
	state_since   TEXT NOT NULL,             -- business date the state was entered
	unit          TEXT NOT NULL,             -- reporting unit when filed (zone, else district)
	district      TEXT NOT NULL,
	filed_by      TEXT NOT NULL,
	filed_role    TEXT NOT NULL,
	figures_year  INTEGER,
	snapshot      TEXT NOT NULL,             -- JSON: the firm's annual rows when it applied
	assessment    TEXT,                      -- JSON: the self-assessment (criteria engine)
	score         INTEGER,                   -- mean expert score, hundredths of a point
	notice_start  TEXT,
	notice_end    TEXT,
	doc_no        TEXT,
	valid_from    TEXT,
	valid_until   TEXT,
	tier_event_id INTEGER REFERENCES tier_events (id),
	note          TEXT,                      -- last reason given (return, rejection)
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	UNIQUE (batch_id, uscc)
);
CREATE INDEX applications_state ON applications (state, tier);
CREATE INDEX applications_unit ON applications (unit, state);
CREATE INDEX applications_firm ON applications (uscc);

-- Every change of state (and every other act on an application), never edited.
CREATE TABLE application_events (
	id             INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE RESTRICT,
	from_state     TEXT,
	to_state       TEXT,
	action         TEXT NOT NULL,
	actor          TEXT NOT NULL,
	role           TEXT NOT NULL,
	comment        TEXT,
	on_date        TEXT NOT NULL,            -- business date
	at             TEXT NOT NULL             -- UTC timestamp
);
CREATE INDEX application_events_app ON application_events (application_id, id);
CREATE TRIGGER application_events_no_update BEFORE UPDATE ON application_events
BEGIN
	SELECT RAISE(ABORT, 'application_events is append-only');
END;
CREATE TRIGGER application_events_no_delete BEFORE DELETE ON application_events
BEGIN
	SELECT RAISE(ABORT, 'application_events is append-only');
END;

CREATE TABLE attachments (
	id             INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE RESTRICT,
	kind           TEXT NOT NULL,
	sha256         TEXT NOT NULL CHECK (length(sha256) = 64),
	size           INTEGER NOT NULL CHECK (size >= 0),
	type           TEXT,                     -- detected type; NULL for a declaration
	name           TEXT,                     -- cleaned display name
	uploaded_by    TEXT NOT NULL,
	uploaded_at    TEXT NOT NULL
);
CREATE INDEX attachments_app ON attachments (application_id, id);

CREATE TABLE experts (
	id         INTEGER PRIMARY KEY,
	username   TEXT NOT NULL UNIQUE,
	name       TEXT NOT NULL,                -- personal data
	field      TEXT,
	unit       TEXT,                         -- district or zone code of the employer
	employer   TEXT,                         -- USCC of the employer
	active     INTEGER NOT NULL CHECK (active IN (0, 1)),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

-- Conflicts of interest declared by an expert (shareholding, past employment, kin).
CREATE TABLE expert_links (
	expert_id INTEGER NOT NULL REFERENCES experts (id) ON DELETE RESTRICT,
	uscc      TEXT NOT NULL,
	relation  TEXT,
	PRIMARY KEY (expert_id, uscc)
) WITHOUT ROWID;

CREATE TABLE reviews (
	application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE RESTRICT,
	expert_id      INTEGER NOT NULL REFERENCES experts (id) ON DELETE RESTRICT,
	assigned_at    TEXT NOT NULL,
	score          INTEGER CHECK (score BETWEEN 0 AND 1000),  -- tenths of a point
	comment        TEXT,
	scored_at      TEXT,
	outlier        INTEGER NOT NULL DEFAULT 0 CHECK (outlier IN (0, 1)),
	PRIMARY KEY (application_id, expert_id)
) WITHOUT ROWID;
CREATE INDEX reviews_expert ON reviews (expert_id);

CREATE TABLE objections (
	id             INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE RESTRICT,
	received       TEXT NOT NULL,
	source         TEXT,
	content        TEXT NOT NULL CHECK (content <> ''),
	status         TEXT NOT NULL CHECK (status IN ('open', 'upheld', 'dismissed')),
	resolution     TEXT,
	recorded_by    TEXT NOT NULL,
	resolved_by    TEXT,
	resolved_at    TEXT
);
CREATE INDEX objections_app ON objections (application_id, id);

CREATE TABLE exit_decisions (
	id            INTEGER PRIMARY KEY,
	uscc          TEXT NOT NULL REFERENCES enterprises (uscc) ON DELETE RESTRICT,
	tier          TEXT NOT NULL,
	reason        TEXT NOT NULL CHECK (reason IN ('criteria', 'accident', 'dishonesty', 'fraud')),
	detail        TEXT,
	decided       TEXT NOT NULL,
	doc_no        TEXT,
	bar_until     TEXT,                      -- last day re-application is barred
	tier_event_id INTEGER NOT NULL REFERENCES tier_events (id),
	actor         TEXT NOT NULL,
	recorded_at   TEXT NOT NULL
);
CREATE INDEX exit_decisions_firm ON exit_decisions (uscc, decided);
CREATE TRIGGER exit_decisions_no_update BEFORE UPDATE ON exit_decisions
BEGIN
	SELECT RAISE(ABORT, 'exit_decisions is append-only');
END;
CREATE TRIGGER exit_decisions_no_delete BEFORE DELETE ON exit_decisions
BEGIN
	SELECT RAISE(ABORT, 'exit_decisions is append-only');
END;

CREATE TABLE reevaluations (
	id           INTEGER PRIMARY KEY,
	run_date     TEXT NOT NULL,
	uscc         TEXT NOT NULL REFERENCES enterprises (uscc) ON DELETE RESTRICT,
	tier         TEXT NOT NULL,
	criteria     TEXT,
	figures_year INTEGER,
	proposal     TEXT NOT NULL CHECK (proposal IN ('keep', 'warn', 'exit', 'unknown')),
	reasons      TEXT,
	actor        TEXT NOT NULL,
	recorded_at  TEXT NOT NULL
);
CREATE INDEX reevaluations_run ON reevaluations (run_date, uscc);

-- counting: 'ladder' counts firms holding the tier or a higher one (the 2020 notice:
-- "1600户,其中,小巨人150户、隐形冠军60户"); 'tier' counts the tier alone.
CREATE TABLE target_sets (
	name     TEXT PRIMARY KEY NOT NULL,
	label    TEXT NOT NULL,
	source   TEXT,
	counting TEXT NOT NULL DEFAULT 'ladder' CHECK (counting IN ('ladder', 'tier'))
);

CREATE TABLE targets (
	set_name TEXT NOT NULL REFERENCES target_sets (name) ON DELETE RESTRICT,
	tier     TEXT NOT NULL,
	year     INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2999),
	unit     TEXT NOT NULL DEFAULT '',       -- district or zone code; '' = the whole city
	target   INTEGER NOT NULL CHECK (target >= 0),
	PRIMARY KEY (set_name, tier, year, unit)
) WITHOUT ROWID;
