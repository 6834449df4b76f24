// Rebuilds dist/ and fails when it differs from what is committed.
import { execFileSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
execFileSync(process.execPath, [new URL('build.mjs', import.meta.url).pathname], {
  stdio: 'inherit',
  cwd: root,
});
const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=all', '--', 'dist'], {
  cwd: root,
  encoding: 'utf8',
});
if (status.trim() !== '') {
  console.error('dist/ is stale: run `npm run build` and commit dist/. Differences:\n' + status);
  execFileSync('git', ['--no-pager', 'diff', '--stat', '--', 'dist'], { stdio: 'inherit', cwd: root });
  process.exit(1);
}
console.log('dist/ is up to date');
