// Fails when dist/ is not the build of this checkout's sources. By default it compares each bundle's
// dist/<name>/inputs.sha256 (written by `npm run build`) with the sources and the files (about a second);
// `--rebuild` rebuilds dist/ and fails when any byte differs from what is committed.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundleDrift } from './lib/bundle-manifest.mjs';

const root = new URL('..', import.meta.url).pathname;
const rebuild = process.argv.includes('--rebuild');
const fix = 'run `npm run build` and commit dist/';

if (rebuild) {
  execFileSync(process.execPath, [new URL('build.mjs', import.meta.url).pathname], {
    stdio: 'inherit',
    cwd: root,
  });
  const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=all', '--', 'dist'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (status.trim() !== '') {
    console.error(`dist/ is stale: ${fix}. Differences:\n${status}`);
    execFileSync('git', ['--no-pager', 'diff', '--stat', '--', 'dist'], { stdio: 'inherit', cwd: root });
    process.exit(1);
  }
} else {
  const actions = join(root, 'src', 'actions');
  const sources = readdirSync(actions).filter((name) => existsSync(join(actions, name, 'index.ts')));
  const bundles = existsSync(join(root, 'dist'))
    ? readdirSync(join(root, 'dist'), { withFileTypes: true }).filter((entry) => entry.isDirectory())
    : [];
  const problems = bundles
    .map((entry) => entry.name)
    .filter((name) => !sources.includes(name))
    .map((name) => `dist/${name} has no src/actions/${name}/index.ts`);
  for (const name of sources) {
    const drift = await bundleDrift(root, name);
    if (drift) problems.push(drift);
  }
  if (problems.length > 0) {
    console.error(`dist/ is stale: ${fix}.\n${problems.map((line) => `  ${line}`).join('\n')}`);
    process.exit(1);
  }
}
console.log('dist/ is up to date');
