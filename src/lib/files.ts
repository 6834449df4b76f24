// Files of a checkout or a repository tree: path patterns and globs confined to a root, UTF-8 reads, and
// all-or-nothing writes.
import { existsSync } from 'node:fs';
import { rename, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { ConfigurationError } from './errors.js';

const GLOB_CHARS = /[*?[\]{}!]/;

export function isGlob(pattern: string): boolean {
  return GLOB_CHARS.test(pattern);
}

/** Rejects absolute paths and paths leaving the root, so patterns cannot reach outside `path`. */
export function checkRelativePattern(pattern: string, inputName = 'files'): string {
  const cleaned = pattern.replace(/^\.\//, '');
  if (isAbsolute(cleaned) || normalize(cleaned).split(sep).includes('..')) {
    throw new ConfigurationError(
      `Input '${inputName}': '${pattern}' must be relative to 'path' and stay inside it.`,
    );
  }
  return cleaned;
}

/** Expands paths and globs against a list of files (from a checkout or a repository tree). */
export async function expandPatterns(
  patterns: string[],
  listOrRoot: string | string[],
  inputName = 'files',
): Promise<string[]> {
  const files = new Set<string>();
  const picomatch = (await import('picomatch')).default;
  let all: string[] | undefined = Array.isArray(listOrRoot) ? listOrRoot : undefined;
  for (const raw of patterns) {
    const pattern = checkRelativePattern(raw, inputName);
    if (!isGlob(pattern)) {
      const exists = all ? all.includes(pattern) : existsSync(join(listOrRoot as string, pattern));
      if (!exists)
        throw new ConfigurationError(
          `Input '${inputName}': '${pattern}' does not exist. Check the path (relative to 'path').`,
        );
      files.add(pattern);
      continue;
    }
    if (!all) {
      const { glob } = await import('tinyglobby');
      all = (
        await glob(['**/*'], {
          cwd: listOrRoot as string,
          onlyFiles: true,
          dot: true,
          ignore: ['**/.git/**', '**/node_modules/**'],
        })
      )
        .map((file) => file.split(sep).join('/'))
        .sort();
    }
    const isMatch = picomatch(pattern, { dot: true });
    const matched = all.filter((file) => isMatch(file));
    if (matched.length === 0)
      throw new ConfigurationError(`Input '${inputName}': the glob '${pattern}' matches no file.`);
    for (const file of matched) files.add(file);
  }
  return [...files];
}

/** Decodes a file as UTF-8, refusing bytes that would not survive the round trip. */
export function decodeUtf8(path: string, bytes: Buffer | null): string | null {
  if (bytes === null) return null;
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes)) {
    throw new ConfigurationError(`'${path}' is not UTF-8 text; YAML files must be UTF-8.`);
  }
  return text;
}

/** Writes each file to a temporary sibling first, then renames them all, so no file is ever half-written. */
export async function writeFilesAtomically(root: string, texts: Map<string, string>): Promise<void> {
  const staged: [string, string][] = [];
  try {
    for (const [path, text] of texts) {
      const target = join(root, path);
      const temp = `${target}.${process.pid}.tmp`;
      const { mode } = await stat(target).catch(() => ({ mode: 0o644 }));
      await writeFile(temp, text, { encoding: 'utf8', mode });
      staged.push([temp, target]);
    }
  } catch (error) {
    const { rm } = await import('node:fs/promises');
    await Promise.all(staged.map(([temp]) => rm(temp, { force: true })));
    throw error;
  }
  for (const [temp, target] of staged) await rename(temp, target);
}
