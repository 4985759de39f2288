/* monthly_floor.c - bench-only: the cost of storing monthly reports alone,
 * for the decomposition of bench/monthly_import.sh.
 *
 *   monthly_floor DB SHAPED_CSV
 *
 * Inserts every line of SHAPED_CSV (our table's columns, as the script
 * writes them: uscc, YYYYMM, seven values in 分/persons or empty, note,
 * groups id, version, filing id, updated_at, updated_by; see
 * 0007_monthly_narrow.sql) into monthly_reports of DB with one prepared statement in
 * one transaction, under the settings of a bulk load (WAL,
 * synchronous=FULL, the bulk page cache, no per-row foreign-key lookup):
 * no parsing of money, no checks, no aggregates. Given the rows sorted by
 * the key, as our load writes them, it is the floor of a keyed insert. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(sqlite3 *db, const char *what)
{
	fprintf(stderr, "monthly_floor: %s: %s\n", what, sqlite3_errmsg(db));
	return 1;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: monthly_floor DB SHAPED_CSV\n");
		return 2;
	}
	FILE *in = fopen(argv[2], "r");
	sqlite3 *db = NULL;
	if (!in || sqlite3_open(argv[1], &db) != SQLITE_OK)
		return 1;
	if (sqlite3_exec(db,
	                 "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
	                 "PRAGMA foreign_keys = OFF; PRAGMA cache_size = -262144; BEGIN IMMEDIATE",
	                 NULL, NULL, NULL) != SQLITE_OK)
		return fail(db, "settings");
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(
	        db,
	        "INSERT INTO monthly_reports (uscc, period, revenue_ytd, output_ytd, "
	        "profit_ytd, tax_ytd, rd_expense_ytd, export_ytd, employees, "
	        "orders_note, grp, version, filing) "
	        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1, ?12)",
	        -1, &st, NULL) != SQLITE_OK)
		return fail(db, "prepare");
	char line[1024];
	long n = 0;
	while (fgets(line, sizeof line, in)) {
		char *f[15];
		int k = 0;
		for (char *p = line; k < 15; k++) {
			f[k] = p;
			p += strcspn(p, ",\n");
			if (*p)
				*p++ = '\0';
		}
		sqlite3_bind_text(st, 1, f[0], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, strtoll(f[1], NULL, 10));
		for (int i = 2; i <= 8; i++)
			if (f[i][0])
				sqlite3_bind_int64(st, i + 1, strtoll(f[i], NULL, 10));
			else
				sqlite3_bind_null(st, i + 1);
		sqlite3_bind_null(st, 10);
		sqlite3_bind_int64(st, 11, strtoll(f[10], NULL, 10));
		sqlite3_bind_int64(st, 12, strtoll(f[12], NULL, 10));
		if (sqlite3_step(st) != SQLITE_DONE)
			return fail(db, "insert");
		sqlite3_reset(st);
		n++;
	}
	sqlite3_finalize(st);
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return fail(db, "commit");
	sqlite3_close(db);
	fclose(in);
	printf("%ld rows\n", n);
	return 0;
}
