// Provider downloads of one job planning 20 units that use the same provider (the real terraform-provider-time
// from a local network mirror), without and with the shared plugin cache terragrunt-plan sets up
// (TF_PLUGIN_CACHE_DIR), and with that cache restored from an earlier run (what actions/cache gives).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnExec } from '../src/lib/exec.js';
import { createMemoryLogger } from '../src/lib/logger.js';
import { TerragruntRunner } from '../src/terragrunt/run.js';
import { startProviderMirror, TIME_PROVIDER_VERSION } from '../test/harness/provider-mirror.js';
import { missingTools, TOOLS_PATH } from '../test/harness/tool-path.js';

const UNITS = 20;
const PARALLELISM = 4;

const missing = missingTools(['terragrunt', 'tofu', 'terraform-provider-time', 'zip', 'openssl']);
if (missing.length > 0) {
  console.log(`skipped: needs ${missing.join(', ')} (npm run provision)`);
  process.exit(0);
}

const mirror = await startProviderMirror();
const lock = await mirror.lockFile();
const work = mkdtempSync(join(tmpdir(), 'tg-providers-bench-'));
const cacheDir = join(work, 'provider-cache');
mkdirSync(cacheDir);

async function planAll(label: string, cache: boolean) {
  const root = join(work, label.replace(/\W+/g, '-'));
  for (let u = 0; u < UNITS; u++) {
    const unit = join(root, `u${u}`);
    mkdirSync(unit, { recursive: true });
    writeFileSync(join(unit, 'terragrunt.hcl'), '');
    writeFileSync(join(unit, 'main.tf'), mirror.unitConfig(`u${u}`));
    writeFileSync(join(unit, '.terraform.lock.hcl'), lock);
  }
  const runner = new TerragruntRunner({
    rootDir: root,
    tfPath: 'tofu',
    parallelism: PARALLELISM,
    env: {
      PATH: TOOLS_PATH,
      HOME: work,
      ...mirror.env,
      // Terragrunt's own automatic cache directory is off, so "no cache" means none.
      TG_NO_AUTO_PROVIDER_CACHE_DIR: 'true',
      ...(cache ? { TF_PLUGIN_CACHE_DIR: cacheDir } : {}),
    },
    exec: spawnExec,
    logger: createMemoryLogger(),
    planDir: join(root, '.plans'),
  });
  mirror.reset();
  const start = process.hrtime.bigint();
  const results = await runner.plan(Array.from({ length: UNITS }, (_, u) => `u${u}`));
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const failed = results.filter((r) => r.status === 'failed');
  if (failed.length > 0) throw new Error(`${label}: ${failed[0]!.unit} failed:\n${failed[0]!.error}`);
  const { count, bytes } = mirror.downloads();
  console.log(
    `| ${label} | ${count} | ${(bytes / 1e6).toFixed(1)} | ${(ms / 1000).toFixed(1)} | ${results.filter((r) => r.status === 'changes').length} |`,
  );
}

console.log(
  `${UNITS} units, each requiring hashicorp/time ${TIME_PROVIDER_VERSION} with a committed lock file; init + plan of each through terragrunt, ${PARALLELISM} at once.\n`,
);
console.log('| run | provider downloads | MB fetched | init + plan s | units planned |');
console.log('|---|---:|---:|---:|---:|');
try {
  await planAll('no plugin cache', false);
  await planAll('shared plugin cache, empty', true);
  await planAll('shared plugin cache, restored', true);
} finally {
  await mirror.stop();
  rmSync(work, { recursive: true, force: true });
}
