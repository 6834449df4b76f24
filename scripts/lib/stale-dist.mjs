// Whether dist/ is older than what it is built from, so a test would run old code.
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

/**
 * Why dist/ must be rebuilt, or undefined when every bundle is newer than every input: a missing
 * dist/<name>/index.js for a src/actions/<name>/index.ts, or an input changed after the oldest bundle.
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
  for (const input of INPUTS) {
    if (!existsSync(join(root, input))) continue;
    const newest = newestFile(join(root, input));
    if (newest.mtimeMs > oldest.mtimeMs) {
      return `${relative(root, newest.path)} is newer than ${relative(root, oldest.path)}`;
    }
  }
  return undefined;
}
