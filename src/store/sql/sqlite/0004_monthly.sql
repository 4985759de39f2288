-- 0004_monthly: monthly monitoring (F4): monthly reports with their earlier
-- versions and confirmed warnings, the aggregates maintained on every filing,
-- the settings of the reporting calendar, and re-review requests raised by
-- early warnings.
--
-- Periods are stored as YYYYMM integers (202510). Money is in 分 and headcount
-- in persons; a missing value is NULL, never 0. Timestamps are UTC
-- "YYYY-MM-DD HH:MM:SS". Column names follow the monthly keys of
-- indicators.md (core/monthly.h: monthly_indicators[]).

-- One row per firm and period: the current version of its report. The
-- groups (unit, industry, tier) are a snapshot taken at the first filing, so
-- corrections leave the aggregate cells the report entered.
CREATE TABLE monthly_reports (
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
	updated_at     TEXT NOT NULL,            -- the current version
	updated_by     TEXT NOT NULL,
	PRIMARY KEY (uscc, period)
) WITHOUT ROWID;
CREATE INDEX monthly_reports_period ON monthly_reports (period, unit);

-- Earlier versions, written when a correction replaces them: the values as
-- they were, who filed them and when, and who replaced them, when and why.
CREATE TABLE monthly_versions (
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
	FOREIGN KEY (uscc, period) REFERENCES monthly_reports (uscc, period) ON DELETE RESTRICT
) WITHOUT ROWID;
CREATE TRIGGER monthly_versions_no_update BEFORE UPDATE ON monthly_versions
BEGIN
	SELECT RAISE(ABORT, 'monthly_versions is append-only');
END;
CREATE TRIGGER monthly_versions_no_delete BEFORE DELETE ON monthly_versions
BEGIN
	SELECT RAISE(ABORT, 'monthly_versions is append-only');
END;

-- Warnings confirmed with a reason, per version of a report.
CREATE TABLE monthly_confirmations (
	uscc           TEXT NOT NULL,
	period         INTEGER NOT NULL,
	version        INTEGER NOT NULL,
	code           TEXT NOT NULL,            -- the warning's stable code, e.g. unit_slip.revenue_ytd
	message        TEXT NOT NULL,            -- the warning as shown
	reason         TEXT NOT NULL CHECK (reason <> ''),
	confirmed_by   TEXT NOT NULL,
	confirmed_at   TEXT NOT NULL,
	PRIMARY KEY (uscc, period, version, code),
	FOREIGN KEY (uscc, period) REFERENCES monthly_reports (uscc, period) ON DELETE RESTRICT
) WITHOUT ROWID;

-- The aggregates, one row per dimension x period x group (keyed in that
-- order: a dashboard reads one dimension over a range of periods),
-- maintained in the transaction of every filing and correction
-- (core/monthly_agg.h):
--   filed, loss (profit < 0), loss_sum (their profits), pairs (firms that
--   filed both this period and the same month last year); per key k:
--   n_k/s_k    firms reporting k and the sum,
--   sn_k/ss_k  firms whose single month (当月) is known and its sum,
--   pn_k/pc_k/pp_k  like-for-like: firms with k this period and 12 months
--                   before, and the sums of both (同比 on the same firms).
-- Sums must stay exact: an overflow would turn them into REAL, so refuse it.
CREATE TABLE monthly_agg (
	period         INTEGER NOT NULL,
	dim            TEXT NOT NULL CHECK (dim IN ('all', 'district', 'industry', 'tier')),
	grp            TEXT NOT NULL,
	filed          INTEGER NOT NULL DEFAULT 0,
	loss           INTEGER NOT NULL DEFAULT 0,
	loss_sum       INTEGER NOT NULL DEFAULT 0,
	pairs          INTEGER NOT NULL DEFAULT 0,
	n_revenue_ytd INTEGER NOT NULL DEFAULT 0, s_revenue_ytd INTEGER NOT NULL DEFAULT 0,
	sn_revenue_ytd INTEGER NOT NULL DEFAULT 0, ss_revenue_ytd INTEGER NOT NULL DEFAULT 0,
	pn_revenue_ytd INTEGER NOT NULL DEFAULT 0, pc_revenue_ytd INTEGER NOT NULL DEFAULT 0, pp_revenue_ytd INTEGER NOT NULL DEFAULT 0,
	n_output_ytd INTEGER NOT NULL DEFAULT 0, s_output_ytd INTEGER NOT NULL DEFAULT 0,
	sn_output_ytd INTEGER NOT NULL DEFAULT 0, ss_output_ytd INTEGER NOT NULL DEFAULT 0,
	pn_output_ytd INTEGER NOT NULL DEFAULT 0, pc_output_ytd INTEGER NOT NULL DEFAULT 0, pp_output_ytd INTEGER NOT NULL DEFAULT 0,
	n_profit_ytd INTEGER NOT NULL DEFAULT 0, s_profit_ytd INTEGER NOT NULL DEFAULT 0,
	sn_profit_ytd INTEGER NOT NULL DEFAULT 0, ss_profit_ytd INTEGER NOT NULL DEFAULT 0,
	pn_profit_ytd INTEGER NOT NULL DEFAULT 0, pc_profit_ytd INTEGER NOT NULL DEFAULT 0, pp_profit_ytd INTEGER NOT NULL DEFAULT 0,
	n_tax_ytd INTEGER NOT NULL DEFAULT 0, s_tax_ytd INTEGER NOT NULL DEFAULT 0,
	sn_tax_ytd INTEGER NOT NULL DEFAULT 0, ss_tax_ytd INTEGER NOT NULL DEFAULT 0,
	pn_tax_ytd INTEGER NOT NULL DEFAULT 0, pc_tax_ytd INTEGER NOT NULL DEFAULT 0, pp_tax_ytd INTEGER NOT NULL DEFAULT 0,
	n_rd_expense_ytd INTEGER NOT NULL DEFAULT 0, s_rd_expense_ytd INTEGER NOT NULL DEFAULT 0,
	sn_rd_expense_ytd INTEGER NOT NULL DEFAULT 0, ss_rd_expense_ytd INTEGER NOT NULL DEFAULT 0,
	pn_rd_expense_ytd INTEGER NOT NULL DEFAULT 0, pc_rd_expense_ytd INTEGER NOT NULL DEFAULT 0, pp_rd_expense_ytd INTEGER NOT NULL DEFAULT 0,
	n_export_ytd INTEGER NOT NULL DEFAULT 0, s_export_ytd INTEGER NOT NULL DEFAULT 0,
	sn_export_ytd INTEGER NOT NULL DEFAULT 0, ss_export_ytd INTEGER NOT NULL DEFAULT 0,
	pn_export_ytd INTEGER NOT NULL DEFAULT 0, pc_export_ytd INTEGER NOT NULL DEFAULT 0, pp_export_ytd INTEGER NOT NULL DEFAULT 0,
	n_employees INTEGER NOT NULL DEFAULT 0, s_employees INTEGER NOT NULL DEFAULT 0,
	sn_employees INTEGER NOT NULL DEFAULT 0, ss_employees INTEGER NOT NULL DEFAULT 0,
	pn_employees INTEGER NOT NULL DEFAULT 0, pc_employees INTEGER NOT NULL DEFAULT 0, pp_employees INTEGER NOT NULL DEFAULT 0,
	CHECK (typeof(s_revenue_ytd) = 'integer' AND
	       typeof(ss_revenue_ytd) = 'integer' AND
	       typeof(pc_revenue_ytd) = 'integer' AND
	       typeof(pp_revenue_ytd) = 'integer' AND
	       typeof(s_output_ytd) = 'integer' AND
	       typeof(ss_output_ytd) = 'integer' AND
	       typeof(pc_output_ytd) = 'integer' AND
	       typeof(pp_output_ytd) = 'integer' AND
	       typeof(s_profit_ytd) = 'integer' AND
	       typeof(ss_profit_ytd) = 'integer' AND
	       typeof(pc_profit_ytd) = 'integer' AND
	       typeof(pp_profit_ytd) = 'integer' AND
	       typeof(s_tax_ytd) = 'integer' AND
	       typeof(ss_tax_ytd) = 'integer' AND
	       typeof(pc_tax_ytd) = 'integer' AND
	       typeof(pp_tax_ytd) = 'integer' AND
	       typeof(s_rd_expense_ytd) = 'integer' AND
	       typeof(ss_rd_expense_ytd) = 'integer' AND
	       typeof(pc_rd_expense_ytd) = 'integer' AND
	       typeof(pp_rd_expense_ytd) = 'integer' AND
	       typeof(s_export_ytd) = 'integer' AND
	       typeof(ss_export_ytd) = 'integer' AND
	       typeof(pc_export_ytd) = 'integer' AND
	       typeof(pp_export_ytd) = 'integer' AND
	       typeof(s_employees) = 'integer' AND
	       typeof(ss_employees) = 'integer' AND
	       typeof(pc_employees) = 'integer' AND
	       typeof(pp_employees) = 'integer'),
	PRIMARY KEY (dim, period, grp)
) WITHOUT ROWID;

-- Settings of monthly monitoring (values as text; app/monitor.c reads them).
CREATE TABLE monthly_settings (
	key            TEXT PRIMARY KEY NOT NULL,
	value          TEXT NOT NULL,
	updated_at     TEXT,
	updated_by     TEXT
);
INSERT INTO monthly_settings (key, value) VALUES
	('deadline_day', '10'),              -- reports due by this day of the next month
	('combine_jan_feb', '1'),            -- January filed with February as 1-2月
	('required_tiers', 'candidate,innovative,srdi,little_giant,champion'),
	('notice_threshold_bp', '9000'),     -- 通报: reporting rate below 90%
	('margin_min_bp', '-10000'),         -- plausible profit margin: -100%
	('margin_max_bp', '6000'),           --                          .. 60%
	('headcount_change_bp', '5000');     -- headcount change over 50% warns

-- Re-review requests opened from early warnings: the event the workflow
-- (F5) reads. Rows are added and their status moves open -> taken/dismissed.
CREATE TABLE monthly_rereview (
	id             INTEGER PRIMARY KEY,
	uscc           TEXT NOT NULL REFERENCES enterprises (uscc) ON DELETE RESTRICT,
	rule           TEXT NOT NULL,            -- early-warning rule code
	started        INTEGER NOT NULL,         -- YYYYMM the warning started
	detail         TEXT NOT NULL DEFAULT '',
	reason         TEXT NOT NULL CHECK (reason <> ''),
	requested_by   TEXT NOT NULL,
	requested_at   TEXT NOT NULL,
	status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'taken', 'dismissed')),
	handled_by     TEXT,
	handled_at     TEXT
);
CREATE INDEX monthly_rereview_status ON monthly_rereview (status, id);
CREATE INDEX monthly_rereview_firm ON monthly_rereview (uscc, rule, started);
