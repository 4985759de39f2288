-- 0001_init.sql - the first schema: enterprises, annual figures, tier history.
--
-- Applied by the migration runner (store_sqlite.c) inside one transaction,
-- which also records it in schema_migrations. Keys follow
-- ../shared/spec/indicators.md; missing values are NULL, never 0.
-- Text dates are "YYYY-MM-DD", timestamps "YYYY-MM-DD HH:MM:SS" UTC.

CREATE TABLE enterprises (
	uscc        TEXT PRIMARY KEY NOT NULL CHECK (length(uscc) = 18),
	name        TEXT NOT NULL CHECK (name <> ''),
	district    TEXT NOT NULL,            -- GB/T 2260 code (or provisional 5001LJ)
	zone        TEXT,                     -- LJXQ / GXQ / WSJK, NULL if none
	industry    TEXT NOT NULL,            -- GB/T 4754-2017, e.g. C3562
	emerging    INTEGER CHECK (emerging BETWEEN 1 AND 9),
	founded     TEXT,
	niche_since INTEGER,
	contact     TEXT,                     -- personal data
	phone       TEXT,                     -- personal data
	tier        TEXT CHECK (tier IN ('candidate', 'innovative', 'srdi', 'little_giant',
	                                 'champion')),  -- current tier, kept from tier_events
	tier_until  TEXT,
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
);
CREATE INDEX enterprises_district ON enterprises (district);
CREATE INDEX enterprises_zone ON enterprises (zone);
CREATE INDEX enterprises_industry ON enterprises (industry);
CREATE INDEX enterprises_tier ON enterprises (tier);
CREATE INDEX enterprises_name ON enterprises (name);

-- One row per firm and fiscal year. Money in 分 (1/100 元), percent in
-- hundredths of a percent, counts as integers: the units of struct annual.
CREATE TABLE annual (
	uscc              TEXT NOT NULL REFERENCES enterprises (uscc) ON DELETE RESTRICT,
	year              INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),
	revenue           INTEGER,
	main_revenue      INTEGER,
	net_profit        INTEGER,
	total_assets      INTEGER,
	total_liabilities INTEGER,
	rd_expense        INTEGER,
	equity_financing  INTEGER,
	employees         INTEGER,
	rd_staff          INTEGER,
	ip_class1_high    INTEGER,
	ip_class1_own     INTEGER,
	ip_class1         INTEGER,
	ip_class2         INTEGER,
	digital_level     INTEGER,
	quality_award     INTEGER,
	quality_cert      INTEGER,
	own_brand         INTEGER,
	standard_setting  INTEGER,
	rd_institution    INTEGER,
	product_field     INTEGER,
	market_share      INTEGER,
	award             INTEGER,
	award_rank        INTEGER,
	honour            INTEGER,
	maker_china       INTEGER,
	updated_at        TEXT NOT NULL,
	PRIMARY KEY (uscc, year)
) WITHOUT ROWID;

-- Append-only history of tier standing. The firm's current tier
-- (enterprises.tier) is recomputed from it on every append.
CREATE TABLE tier_events (
	id          INTEGER PRIMARY KEY,
	uscc        TEXT NOT NULL REFERENCES enterprises (uscc) ON DELETE RESTRICT,
	tier        TEXT NOT NULL CHECK (tier IN ('candidate', 'innovative', 'srdi',
	                                          'little_giant', 'champion')),
	status      TEXT NOT NULL CHECK (status IN ('recognized', 'renewed', 'expired',
	                                            'exited', 'revoked')),
	since       TEXT NOT NULL,
	until       TEXT,
	reason      TEXT,
	doc_no      TEXT,                     -- 文号
	actor       TEXT,
	recorded_at TEXT NOT NULL
);
CREATE INDEX tier_events_firm ON tier_events (uscc, since, id);

CREATE TRIGGER tier_events_no_update BEFORE UPDATE ON tier_events
BEGIN
	SELECT RAISE(ABORT, 'tier_events is append-only: events are never updated');
END;
CREATE TRIGGER tier_events_no_delete BEFORE DELETE ON tier_events
BEGIN
	SELECT RAISE(ABORT, 'tier_events is append-only: events are never deleted');
END;
