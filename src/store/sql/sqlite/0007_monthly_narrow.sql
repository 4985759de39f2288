-- 0007_monthly_narrow: a narrower report row for bulk filing (F4,
-- bench/README.md "Monthly import"), same content:
--
-- * the groups snapshot (unit, industry, tier) is one small integer, grp,
--   into monthly_groups: a few hundred distinct triples city-wide;
-- * the first filing's time and author are one small integer, filing, into
--   monthly_filings: a row per (time, author) of single filings, and one per
--   chunk of a bulk load, so an import of a million rows stores them 8 times.
--
-- A row goes from about 110 to about 65 bytes; storing a million of them in
-- key order costs a third less. Readers join the two tables back by their
-- integer keys (store_sqlite_monthly.c REPORT_FROM); a correction still
-- writes updated_at / updated_by in the row (NULL while version 1).
--
-- As in 0006: the three tables are rebuilt under new names, children first
-- dropped, then renamed (renaming rewrites the children's REFERENCES).

CREATE TABLE monthly_groups (
	id             INTEGER PRIMARY KEY,
	unit           TEXT NOT NULL,            -- reporting unit: zone code, else district code
	industry       TEXT NOT NULL,            -- GB/T 4754 division, e.g. C36 ('' if unknown)
	tier           TEXT NOT NULL,            -- tier key held at filing, or 'none'
	UNIQUE (unit, industry, tier)
);
INSERT INTO monthly_groups (unit, industry, tier)
	SELECT DISTINCT unit, industry, tier FROM monthly_reports ORDER BY 1, 2, 3;

CREATE TABLE monthly_filings (
	id             INTEGER PRIMARY KEY,
	filed_at       TEXT NOT NULL,            -- UTC "YYYY-MM-DD HH:MM:SS"
	filed_by       TEXT NOT NULL
);
-- a single filing reuses the row of its (time, author); a bulk load adds
-- its own, whose id tells its reports from those stored before
CREATE INDEX monthly_filings_at ON monthly_filings (filed_at, filed_by);
INSERT INTO monthly_filings (filed_at, filed_by)
	SELECT DISTINCT filed_at, filed_by FROM monthly_reports ORDER BY 1, 2;

CREATE TABLE monthly_reports_new (
	uscc           TEXT NOT NULL REFERENCES enterprises (uscc) ON DELETE RESTRICT,
	period         INTEGER NOT NULL CHECK (period BETWEEN 199001 AND 299912 AND
	                                       period % 100 BETWEEN 1 AND 12),
	revenue_ytd     INTEGER,
	output_ytd      INTEGER,
	profit_ytd      INTEGER,
	tax_ytd         INTEGER,
	rd_expense_ytd  INTEGER,
	export_ytd      INTEGER,
	employees       INTEGER,
	orders_note    TEXT,
	grp            INTEGER NOT NULL REFERENCES monthly_groups (id),   -- groups at first filing
	version        INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
	filing         INTEGER NOT NULL REFERENCES monthly_filings (id),  -- first filing (on time / late)
	updated_at     TEXT,                     -- the current version; NULL = the filing's (version 1)
	updated_by     TEXT,
	PRIMARY KEY (uscc, period)
) WITHOUT ROWID;
INSERT INTO monthly_reports_new
	SELECT r.uscc, r.period, r.revenue_ytd, r.output_ytd, r.profit_ytd, r.tax_ytd,
	       r.rd_expense_ytd, r.export_ytd, r.employees, r.orders_note, g.id, r.version, f.id,
	       r.updated_at, r.updated_by
	FROM monthly_reports r
	JOIN monthly_groups g ON g.unit = r.unit AND g.industry = r.industry AND g.tier = r.tier
	JOIN monthly_filings f ON f.filed_at = r.filed_at AND f.filed_by = r.filed_by
	ORDER BY r.uscc, r.period;

CREATE TABLE monthly_versions_new (
	uscc           TEXT NOT NULL,
	period         INTEGER NOT NULL,
	version        INTEGER NOT NULL,
	revenue_ytd     INTEGER,
	output_ytd      INTEGER,
	profit_ytd      INTEGER,
	tax_ytd         INTEGER,
	rd_expense_ytd  INTEGER,
	export_ytd      INTEGER,
	employees       INTEGER,
	orders_note    TEXT,
	filed_at       TEXT NOT NULL,
	filed_by       TEXT NOT NULL,
	replaced_at    TEXT NOT NULL,
	replaced_by    TEXT NOT NULL,
	reason         TEXT NOT NULL CHECK (reason <> ''),
	PRIMARY KEY (uscc, period, version),
	FOREIGN KEY (uscc, period) REFERENCES monthly_reports_new (uscc, period) ON DELETE RESTRICT
) WITHOUT ROWID;
INSERT INTO monthly_versions_new SELECT * FROM monthly_versions ORDER BY uscc, period, version;

CREATE TABLE monthly_confirmations_new (
	uscc           TEXT NOT NULL,
	period         INTEGER NOT NULL,
	version        INTEGER NOT NULL,
	code           TEXT NOT NULL,            -- the warning's stable code, e.g. unit_slip.revenue_ytd
	message        TEXT NOT NULL,            -- the warning as shown
	reason         TEXT NOT NULL CHECK (reason <> ''),
	confirmed_by   TEXT NOT NULL,
	confirmed_at   TEXT NOT NULL,
	PRIMARY KEY (uscc, period, version, code),
	FOREIGN KEY (uscc, period) REFERENCES monthly_reports_new (uscc, period) ON DELETE RESTRICT
) WITHOUT ROWID;
INSERT INTO monthly_confirmations_new SELECT * FROM monthly_confirmations
	ORDER BY uscc, period, version, code;

-- every report found its groups and its filing (the joins above drop none;
-- a failed CHECK aborts the migration, which then changes nothing)
CREATE TEMP TABLE monthly_0007_check (same INTEGER CHECK (same = 1));
INSERT INTO monthly_0007_check
	SELECT (SELECT count(*) FROM monthly_reports_new) = (SELECT count(*) FROM monthly_reports);
DROP TABLE monthly_0007_check;

DROP TABLE monthly_confirmations;
DROP TABLE monthly_versions;              -- and its append-only triggers
DROP TABLE monthly_reports;
ALTER TABLE monthly_reports_new RENAME TO monthly_reports;
ALTER TABLE monthly_versions_new RENAME TO monthly_versions;
ALTER TABLE monthly_confirmations_new RENAME TO monthly_confirmations;

CREATE TRIGGER monthly_versions_no_update BEFORE UPDATE ON monthly_versions
BEGIN
	SELECT RAISE(ABORT, 'monthly_versions is append-only');
END;
CREATE TRIGGER monthly_versions_no_delete BEFORE DELETE ON monthly_versions
BEGIN
	SELECT RAISE(ABORT, 'monthly_versions is append-only');
END;
