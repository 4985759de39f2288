-- 0006_monthly_lean: monthly reports made cheaper to load in bulk (F4,
-- bench/README.md "Monthly import"), same content:
--
-- * updated_at / updated_by are NULL while a report is in its first version
--   (they would repeat filed_at / filed_by): 26 bytes less per row. Readers
--   take coalesce(updated_at, filed_at); a correction sets both
--   (store_sqlite_monthly.c SQL_UPDATE).
-- * no index on (period, unit): reading a period goes firm by firm through
--   the primary key (store_sqlite_monthly.c SQL_LIST, driven by the firms),
--   which costs the same number of B-tree seeks as the index did for a
--   whole period, while every filing no longer pays a second B-tree insert.
--
-- SQLite cannot relax NOT NULL in place: the three tables are rebuilt under
-- new names and renamed, children first dropped so that dropping the old
-- parent deletes nothing they refer to. Renaming a parent rewrites the
-- REFERENCES clauses of its children, so they end up pointing at
-- monthly_reports again.

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
	unit           TEXT NOT NULL,            -- reporting unit: zone code, else district code
	industry       TEXT NOT NULL,            -- GB/T 4754 division, e.g. C36 ('' if unknown)
	tier           TEXT NOT NULL,            -- tier key held at filing, or 'none'
	version        INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
	filed_at       TEXT NOT NULL,            -- first filing (decides on time / late)
	filed_by       TEXT NOT NULL,
	updated_at     TEXT,                     -- the current version; NULL = filed_at (version 1)
	updated_by     TEXT,                     --                      NULL = filed_by
	PRIMARY KEY (uscc, period)
) WITHOUT ROWID;
INSERT INTO monthly_reports_new
	SELECT uscc, period, revenue_ytd, output_ytd, profit_ytd, tax_ytd, rd_expense_ytd,
	       export_ytd, employees, orders_note, unit, industry, tier, version, filed_at, filed_by,
	       CASE WHEN version = 1 THEN NULL ELSE updated_at END,
	       CASE WHEN version = 1 THEN NULL ELSE updated_by END
	FROM monthly_reports ORDER BY uscc, period;

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

DROP TABLE monthly_confirmations;
DROP TABLE monthly_versions;              -- and its append-only triggers
DROP TABLE monthly_reports;               -- and monthly_reports_period
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
