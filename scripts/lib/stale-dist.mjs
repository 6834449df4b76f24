// Whether dist/ is older than what it is built from, so a test would run old code.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every input of `npm run build`: the sources, the locked dependencies and the build script. */
const INPUTS = ['src', 'package-lock.json', 'tsconfig.json', join('scripts', 'build.mjs')];

function newestFile(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return { path, mtimeMs: stat.mtimeMs };
  let newest = { path, mtimeMs: 0 };
  for (const entry of readdirSync(path)) {
    const candidate = newestFile(join(path, entry));
    if (candidate.mtimeMs > newest.mtimeMs) newest = candidate;
  }
  return newest;
}

function git(root, args) {
  const result = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/**
 * In a git checkout whose inputs and dist/ equal the last commit (a fresh clone, where file times say
 * nothing): whether the last commit that changed an input came after the last commit that changed dist/.
 * Undefined when the checkout has changes (then file times decide) or is not a git checkout.
 */
function staleByCommits(root) {
  const paths = [...INPUTS, 'dist'].filter((path) => existsSync(join(root, path)));
  const status = git(root, ['status', '--porcelain', '--untracked-files=all', '--', ...paths]);
  if (status === undefined || status !== '') return undefined;
  const inputs = git(root, ['log', '-1', '--format=%H', '--', ...INPUTS]);
  const dist = git(root, ['log', '-1', '--format=%H', '--', 'dist']);
  if (!inputs || !dist) return undefined;
  const ordered = spawnSync('git', ['merge-base', '--is-ancestor', inputs, dist], { cwd: root }).status === 0;
  return ordered ? '' : `commit ${inputs.slice(0, 12)} changed the sources after dist/ was last committed`;
}

/**
 * Why dist/ must be rebuilt, or undefined when it is current: a missing dist/<name>/index.js for a
 * src/actions/<name>/index.ts, or an input file newer than the oldest bundle, unless the checkout is
 * unchanged and dist/ was committed with or after the inputs' last commit (a fresh clone).
 */
export function staleDist(root) {
  const actions = join(root, 'src', 'actions');
  const names = existsSync(actions)
    ? readdirSync(actions).filter((name) => existsSync(join(actions, name, 'index.ts')))
    : [];
  let oldest;
  for (const name of names) {
    const bundle = join(root, 'dist', name, 'index.js');
    if (!existsSync(bundle)) return `dist/${name}/index.js is missing`;
    const mtimeMs = statSync(bundle).mtimeMs;
    if (!oldest || mtimeMs < oldest.mtimeMs) oldest = { path: bundle, mtimeMs };
  }
  if (!oldest) return undefined;
  let newer;
  for (const input of INPUTS) {
    if (!existsSync(join(root, input))) continue;
    const newest = newestFile(join(root, input));
    if (newest.mtimeMs > oldest.mtimeMs) {
      newer = `${relative(root, newest.path)} is newer than ${relative(root, oldest.path)}`;
      break;
    }
  }
  if (!newer) return undefined;
  // File times alone would rebuild every fresh clone: there git's history decides.
  const byCommits = staleByCommits(root);
  if (byCommits === '') return undefined;
  return byCommits ?? newer;
}
