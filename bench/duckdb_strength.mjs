// DuckDB as a comparator of `muster strength LOG --on DAY --by country` on a
// plain log (bench/README.md, "What the comparators simplify"): the sum of
// arrivals minus departures dated up to DAY, by country, where not zero.
//
//   NODE_PATH=<dir>/node_modules node bench/duckdb_strength.mjs LOG DAY [THREADS=2]
//
// Prints `country,n` lines in country order on standard output, and on
// standard error `engine_seconds S`: the time from before read_csv to the
// answer in hand, the process's and DuckDB's start-up excluded.
import { createRequire } from 'node:module';
import path from 'node:path';

const [log, day, threads = '2'] = process.argv.slice(2);
if (!log || !day) {
  console.error('usage: duckdb_strength.mjs LOG DAY [THREADS]');
  process.exit(2);
}
// The package is installed into the build tree, not beside this script.
const require = createRequire(path.join(process.env.DUCKDB_NODE_DIR ?? process.cwd(), 'x.js'));
const { DuckDBInstance } = require('@duckdb/node-api');

const instance = await DuckDBInstance.create(':memory:', { threads });
const connection = await instance.connect();
const quoted = log.replaceAll("'", "''");
const sql = `
  SELECT country, SUM(CASE kind WHEN 'arrival' THEN count ELSE -count END) AS n
  FROM read_csv('${quoted}', header = true,
                types = {'date': 'VARCHAR', 'count': 'BIGINT', 'country': 'VARCHAR',
                         'kind': 'VARCHAR'})
  WHERE date <= '${day}'
  GROUP BY country HAVING n <> 0 ORDER BY country`;
const t0 = process.hrtime.bigint();
const reader = await connection.runAndReadAll(sql);
const rows = reader.getRows();
const t1 = process.hrtime.bigint();
process.stdout.write(rows.map(([c, n]) => `${c},${n}`).join('\n') + '\n');
process.stderr.write(`engine_seconds ${Number(t1 - t0) / 1e9}\n`);
