// rollup.mjs CSV RUNS - DuckDB baseline of bench/monthly_rollup.sh: loads the
// monthly CSV into an in-memory table, then runs the district x month
// roll-up (firms, revenue and profit sums) RUNS times. Prints the load
// time, the median and p99 query times in ms, and a checksum (the revenue
// total over all cells, in 万元) to compare with the other engines.
import { DuckDBInstance } from '@duckdb/node-api';

const [file, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 20);
const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();
let t0 = performance.now();
await con.run(`CREATE TABLE m AS SELECT * FROM read_csv_auto('${file.replace(/'/g, "''")}', header = true)`);
const load = performance.now() - t0;
const q = `SELECT "所属区县" AS district, "报告期" AS period, count(*) AS filed,
  sum("营业收入(累计)") AS revenue, sum("利润总额(累计)") AS profit
  FROM m GROUP BY 1, 2`;
const times = [];
let rows = [];
for (let i = 0; i < runs; i++) {
  t0 = performance.now();
  const r = await con.runAndReadAll(q);
  rows = r.getRowObjectsJson();
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const pct = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
const total = rows.reduce((s, r) => s + Number(r.revenue), 0);
console.log(`duckdb load_ms=${load.toFixed(0)} cells=${rows.length} median_ms=${pct(0.5).toFixed(2)} ` +
  `p99_ms=${pct(0.99).toFixed(2)} revenue_total_wan=${total.toFixed(2)}`);
