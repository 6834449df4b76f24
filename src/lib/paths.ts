// Confines paths from inputs to a root (the checkout): real paths, symbolic links included.
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { ConfigurationError } from './errors.js';

/** The real path of `path`, also when it does not exist yet (its nearest existing ancestor is resolved). */
function realPath(path: string): string {
  if (existsSync(path)) return realpathSync(path);
  const parent = dirname(path);
  return parent === path ? path : join(realPath(parent), basename(path));
}

/** Whether `path` (absolute) is `root` or inside it. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Resolves `path` (relative to `root`, or absolute) to its real path and refuses it, naming the input, when
 * it leaves `root`: through `..`, an absolute path, or a symbolic link anywhere along the way.
 */
export function confinePath(root: string, path: string, inputName: string): string {
  const realRoot = realPath(resolve(root));
  const real = realPath(resolve(realRoot, path));
  if (!isInside(realRoot, real)) {
    throw new ConfigurationError(
      `Input '${inputName}': '${path}' leads outside the checkout (${real === resolve(realRoot, path) ? 'a path outside it' : 'through a symbolic link'}); name a file inside it.`,
    );
  }
  return real;
}
