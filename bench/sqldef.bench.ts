// sqldef-migrate dry run on a generated 200-table schema against a local PostgreSQL: wall time of the
// bundle as a runner runs it, psqldef's own time, and the action's overhead around psqldef.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from '../test/harness/services.js';
import { actionsNode, TOOLS_PATH } from '../test/harness/tools.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TABLES = 200;
const TARGET_OVERHEAD_MS = 300;
const root = new URL('..', import.meta.url).pathname;

function has(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { env: { PATH: TOOLS_PATH }, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** 200 tables with a primary key, a foreign key to the previous table, an index and a few columns. */
function schema(tables: number, extraColumnEvery = 0): string {
  const out: string[] = [];
  for (let i = 0; i < tables; i++) {
    const extra = extraColumnEvery > 0 && i % extraColumnEvery === 0 ? ',\n  note text' : '';
    const fk = i > 0 ? `,\n  parent_id bigint REFERENCES table_${i - 1} (id)` : '';
    out.push(
      `CREATE TABLE table_${i} (\n  id bigint PRIMARY KEY,\n  name varchar(200) NOT NULL DEFAULT 'x',\n  amount numeric(12, 2),\n  created_at timestamp with time zone NOT NULL DEFAULT now()${fk}${extra}\n);\nCREATE INDEX table_${i}_name ON table_${i} (name);\n`,
    );
  }
  return out.join('');
}

const missing = ['psqldef', 'initdb', 'postgres', 'psql'].filter((tool) => !has(tool));
if (missing.length > 0) {
  console.log(`skipped: needs ${missing.join(', ')} (npm run provision)`);
  process.exit(0);
}

const db = await startPostgres();
const work = mkdtempSync(join(tmpdir(), 'sqldef-bench-'));
try {
  const psqldef = execFileSync('sh', ['-c', 'command -v psqldef'], {
    env: { PATH: TOOLS_PATH },
    encoding: 'utf8',
  }).trim();
  writeFileSync(join(work, 'base.sql'), schema(TABLES));
  writeFileSync(join(work, 'schema.sql'), schema(TABLES, 10)); // 20 tables gain a column
  const pgEnv = { PATH: TOOLS_PATH, PGPASSWORD: db.owner.password, PGSSLMODE: 'disable' };
  const target = ['--host=127.0.0.1', `--port=${db.port}`, db.database];
  execFileSync(psqldef, [`--file=${join(work, 'base.sql')}`, `--user=${db.owner.username}`, ...target], {
    env: pgEnv,
    stdio: 'ignore',
  });
  // The same read-only role and arguments the action uses.
  const readerEnv = { ...pgEnv, PGPASSWORD: db.readonly.password, PGCONNECT_TIMEOUT: '15' };
  const connArgs = [`--user=${db.readonly.username}`, ...target];
  await db.sql(`GRANT SELECT, REFERENCES ON ALL TABLES IN SCHEMA public TO ${db.readonly.username}`, 'admin');

  const direct: number[] = [];
  const wall: number[] = [];
  const inside: number[] = [];
  let statements = 0;
  const output = join(work, 'output');
  for (let i = 0; i < RUNS + 1; i++) {
    let start = performance.now();
    const plain = spawnSync(psqldef, [`--file=${join(work, 'schema.sql')}`, '--dry-run', ...connArgs], {
      env: readerEnv,
      encoding: 'utf8',
    });
    const directMs = performance.now() - start;
    if (plain.status !== 0) throw new Error(plain.stderr);

    writeFileSync(output, '');
    start = performance.now();
    const action = spawnSync(actionsNode(), [join(root, 'dist', 'sqldef-migrate', 'index.js')], {
      cwd: work,
      encoding: 'utf8',
      env: {
        PATH: TOOLS_PATH,
        GITHUB_WORKSPACE: work,
        GITHUB_OUTPUT: output,
        RUNNER_TEMP: work,
        'INPUT_SCHEMA-FILE': 'schema.sql',
        'INPUT_DATABASE-URL': db.url('readonly'),
      },
    });
    const wallMs = performance.now() - start;
    if (action.status !== 0) throw new Error(action.stdout + action.stderr);
    const sqldefMs = Number(/sqldef took (\d+) ms/.exec(action.stdout)?.[1]);
    statements = (action.stdout.match(/ADD COLUMN "note"/g) ?? []).length;
    if (i === 0) continue; // warm-up
    direct.push(directMs);
    wall.push(wallMs);
    inside.push(wallMs - sqldefMs);
  }
  const overhead = median(inside);
  console.log(
    `Dry run of a ${TABLES}-table schema (${statements} statements planned), median of ${RUNS} runs:\n`,
  );
  console.log('| measure | ms | target |');
  console.log('|---|---:|---|');
  console.log(`| psqldef --dry-run alone | ${median(direct).toFixed(0)} | |`);
  console.log(`| action wall time (node start to exit) | ${median(wall).toFixed(0)} | |`);
  console.log(
    `| action overhead around psqldef (wall − psqldef) | ${overhead.toFixed(0)} | < ${TARGET_OVERHEAD_MS} ${overhead < TARGET_OVERHEAD_MS ? '✅' : '❌'} |`,
  );
  console.log(`| wall − psqldef run alone | ${(median(wall) - median(direct)).toFixed(0)} | |`);
} finally {
  await db.stop();
  rmSync(work, { recursive: true, force: true });
}
