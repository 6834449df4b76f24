// npm test: installs dependencies on a fresh clone, then typechecks and runs every unit and integration test.
// Extra arguments go to jest, e.g. `npm test -- test/unit`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
if (!existsSync(join(root, 'node_modules', '.bin', 'jest'))) {
  console.log('node_modules is missing: running npm ci first');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}
const run = (args, env = process.env) =>
  spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env });
const typecheck = run([
  join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
  '--noEmit',
  '-p',
  'tsconfig.json',
]);
if (typecheck.status !== 0) {
  console.error('typecheck failed (tsc --noEmit)');
  process.exit(typecheck.status ?? 1);
}
const jest = run([
  '--experimental-vm-modules',
  '--no-warnings=ExperimentalWarning',
  join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
  ...process.argv.slice(2),
]);
process.exit(jest.status ?? 1);
