// npm run demo: on a fresh clone installs dependencies (npm ci) and the tools the demo runs (scripts/provision),
// rebuilds dist/ when its sources are newer, then runs the deploy pipeline locally on Node 24.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { staleDist } from './lib/stale-dist.mjs';

const root = new URL('..', import.meta.url).pathname;
const run = (command, args) => spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status ?? 1;
const stop = (message) => {
  console.error(`\nnpm run demo: ${message}`);
  process.exit(1);
};
const seconds = (since) => `${Math.round((Date.now() - since) / 1000)}s`;

if (!existsSync(join(root, 'node_modules', 'tsx'))) {
  console.log('npm run demo: node_modules is missing: npm ci');
  if (run('npm', ['ci', '--no-audit', '--no-fund']) !== 0) {
    stop(
      'npm ci failed. If it refused package-lock.json, the lock file no longer matches package.json: ' +
        'run `npm install --package-lock-only` and commit package-lock.json.',
    );
  }
}
// The demo's steps need the registry, podman/buildah, moto, terragrunt/tofu, psqldef and Node 24. Its rollout
// step (the test cluster and Argo CD, helm) runs when `bash scripts/provision` built them, else says skipped:
// their Go builds take most of an hour on a fresh machine.
let since = Date.now();
console.log('npm run demo: tools (scripts/provision apt moto node sqldef tofu terragrunt)');
if (
  run('bash', [join(root, 'scripts', 'provision'), 'apt', 'moto', 'node', 'sqldef', 'tofu', 'terragrunt']) !==
  0
) {
  stop('scripts/provision failed (see above)');
}
console.log(`npm run demo: tools ready in ${seconds(since)}`);
const stale = staleDist(root);
if (stale) {
  since = Date.now();
  console.log(`npm run demo: ${stale}: rebuilding dist/ (npm run build)`);
  if (run(process.execPath, [join(root, 'scripts', 'build.mjs')]) !== 0) stop('npm run build failed');
  console.log(`npm run demo: dist/ rebuilt in ${seconds(since)}`);
}
const status = run(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'demo', 'run-demo.ts')]);
process.exit(status);
