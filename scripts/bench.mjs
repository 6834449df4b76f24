// npm run bench: bundle sizes and cold start of every action, then every bench/*.bench.ts.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const runs = Number(process.env.BENCH_RUNS ?? 15);
const only = process.argv.slice(2);
// The bundles' runtime, as in the tests (test/harness/tool-path.ts actionsNode): Node 24 from scripts/provision.
const node = process.env.ACTIONS_NODE || join(root, '.tools', 'bin', 'node24');

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function timeRuns(args, env) {
  const times = [];
  let last;
  for (let i = 0; i < runs + 1; i++) {
    const start = process.hrtime.bigint();
    last = spawnSync(node, args, { env, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (i > 0) times.push(ms); // the first run warms the file cache
  }
  return { median: median(times), last };
}

function dirSize(dir) {
  let raw = 0;
  let gz = 0;
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.js')) continue;
    const bytes = readFileSync(join(dir, file));
    raw += bytes.length;
    gz += gzipSync(bytes).length;
  }
  return { raw, gz };
}

function startupBench() {
  if (!existsSync(node)) {
    console.error(`Node 24 is not installed at ${node}: run \`npm run provision\` (scripts/provision node).`);
    process.exit(1);
  }
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const distDir = join(root, 'dist');
  const names = existsSync(distDir)
    ? readdirSync(distDir).filter((name) => statSync(join(distDir, name)).isDirectory())
    : [];
  const work = mkdtempSync(join(tmpdir(), 'bench-'));
  const output = join(work, 'output');
  writeFileSync(output, '');
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: join(work, 'summary'),
  };
  const baseline = timeRuns(['-e', '0'], env).median;
  const rows = [];
  for (const name of names) {
    const { raw, gz } = dirSize(join(distDir, name));
    const { median: ms, last } = timeRuns([join(distDir, name, 'index.js')], env);
    const firstError = (last.stdout.match(/^::error::(.*)$/m) ?? [])[1] ?? '(no error line)';
    rows.push({ name, raw, gz, ms, ratio: ms / baseline, exit: last.status, firstError });
  }
  console.log(
    `\n## Bundles and cold start on Node ${version} (median of ${runs} runs; node -e 0 = ${baseline.toFixed(1)} ms)\n`,
  );
  console.log('| action | bundle bytes | gzipped | cold start ms | × node -e 0 | exit | first error |');
  console.log('|---|---:|---:|---:|---:|---:|---|');
  for (const row of rows) {
    console.log(
      `| ${row.name} | ${row.raw} | ${row.gz} | ${row.ms.toFixed(1)} | ${row.ratio.toFixed(2)} | ${row.exit} | ${row.firstError.slice(0, 70)} |`,
    );
  }
  const over = rows.filter((row) => row.raw > 1_500_000 || row.ms > 250 || row.ratio > 3.5);
  if (over.length > 0)
    console.log(`\nOver target (1.5 MB, 250 ms, 3.5×): ${over.map((row) => row.name).join(', ')}`);
  rmSync(work, { recursive: true, force: true });
}

if (only.length === 0 || only.includes('startup')) startupBench();
const benchDir = join(root, 'bench');
for (const file of existsSync(benchDir) ? readdirSync(benchDir).sort() : []) {
  if (!file.endsWith('.bench.ts')) continue;
  if (only.length > 0 && !only.some((name) => file.startsWith(name))) continue;
  console.log(`\n## ${file}\n`);
  execFileSync(process.execPath, ['--import', 'tsx', join(benchDir, file)], { stdio: 'inherit', cwd: root });
}
