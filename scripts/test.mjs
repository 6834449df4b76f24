// npm test: on a fresh clone installs dependencies (npm ci) and the test tools (scripts/provision), rebuilds
// dist/ when its sources are newer, then typechecks and runs every unit and integration test.
// Extra arguments go to jest, e.g. `npm test -- test/unit` (unit tests only: no provisioning).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { staleDist } from './lib/stale-dist.mjs';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const started = Date.now();
const seconds = (since) => `${Math.round((Date.now() - since) / 1000)}s`;
const run = (command, commandArgs, env = process.env) =>
  spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', env }).status ?? 1;
const stop = (message, status = 1) => {
  console.error(`\nnpm test: ${message}`);
  process.exit(status);
};

if (!existsSync(join(root, 'node_modules', '.bin', 'jest'))) {
  console.log('npm test: node_modules is missing: npm ci');
  if (run('npm', ['ci', '--no-audit', '--no-fund']) !== 0) {
    stop(
      'npm ci failed. If it refused package-lock.json, the lock file no longer matches package.json: ' +
        'run `npm install --package-lock-only` and commit package-lock.json.',
    );
  }
}

const paths = args.filter((arg) => !arg.startsWith('-'));
const unitOnly = paths.length > 0 && paths.every((path) => /^(\.\/)?test\/unit(\/|$)/.test(path));
if (!unitOnly) {
  const since = Date.now();
  console.log('npm test: test tools (scripts/provision)');
  if (run('bash', [join(root, 'scripts', 'provision')]) !== 0) stop('scripts/provision failed (see above)');
  console.log(`npm test: tools ready in ${seconds(since)}`);
}

const stale = staleDist(root);
if (stale) {
  const since = Date.now();
  console.log(`npm test: ${stale}: rebuilding dist/ so the tests run the current code (npm run build)`);
  if (run(process.execPath, [join(root, 'scripts', 'build.mjs')]) !== 0) stop('npm run build failed');
  console.log(`npm test: dist/ rebuilt in ${seconds(since)} (commit it with your change)`);
}

if (
  run(process.execPath, [
    join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
    '--noEmit',
    '-p',
    'tsconfig.json',
  ]) !== 0
) {
  stop('typecheck failed (tsc --noEmit)');
}
const jest = run(process.execPath, [
  '--experimental-vm-modules',
  '--no-warnings=ExperimentalWarning',
  join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
  ...args,
]);
console.log(`npm test: finished in ${seconds(started)}`);
process.exit(jest);
