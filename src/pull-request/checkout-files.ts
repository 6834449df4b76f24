// The files of a checkout to commit (open-pull-request): paths and globs confined to the checkout, symbolic
// links included, read as UTF-8 text.
import { readFile, stat } from 'node:fs/promises';
import { ConfigurationError } from '../lib/errors.js';
import { confinePath } from '../lib/paths.js';
import { checkRelativePattern, decodeUtf8, expandPatterns } from '../lib/files.js';
import type { ChangeSet } from './open-pull-request.js';

/** Wanted contents by path (null deletes), read from `root`; throws before any API call on a bad path. */
export async function readCheckoutFiles(
  root: string,
  files: string[],
  deleted: string[],
): Promise<Map<string, string | null>> {
  const paths = files.length > 0 ? await expandPatterns(files, root) : [];
  const contents = new Map<string, string | null>();
  for (const path of paths) {
    const real = confinePath(root, path, 'files');
    if ((await stat(real)).isDirectory()) {
      throw new ConfigurationError(
        `Input 'files': '${path}' is a directory; name its files, or a glob such as '${path.replace(/\/+$/, '')}/**'.`,
      );
    }
    contents.set(path, decodeUtf8(path, await readFile(real)));
  }
  for (const path of deleted) contents.set(checkRelativePattern(path, 'deleted-files'), null);
  return contents;
}

/** A change set that writes `contents` as they are, with one body row per changed file. */
export function fileChangeSet(contents: Map<string, string | null>): ChangeSet {
  return {
    paths: [...contents.keys()],
    apply: (current) => ({
      files: contents,
      rows: [...contents.keys()]
        .filter((path) => current.get(path) !== contents.get(path))
        .map((file) => ({ file })),
    }),
  };
}
