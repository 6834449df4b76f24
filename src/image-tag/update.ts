import { existsSync } from 'node:fs';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, normalize, relative, sep } from 'node:path';
import { ConfigurationError } from '../lib/errors.js';
import { confinePath } from '../lib/paths.js';
import {
  rewriteImageTag,
  type FormatChoice,
  type NewValues,
  type RewriteResult,
  type ValueChange,
} from './rewrite.js';

export interface ImageTagRequest {
  format?: FormatChoice;
  keys?: string[];
  values: NewValues;
}

export interface FileText {
  path: string;
  /** Current text, or null when the file does not exist. */
  text: string | null;
}

export interface ImageTagPlan {
  results: RewriteResult[];
  /** Files whose text changes, in input order. */
  changedFiles: string[];
  /** New text of each changed file. */
  newTexts: Map<string, string>;
  changes: ValueChange[];
  /** File → the old value of its first tag change (the `old-tags` output). */
  oldTags: Record<string, string>;
  warnings: string[];
}

/**
 * Computes every edit before anything is written: a failure in any file (missing, invalid YAML, key not
 * found, bad tag) throws, and no file is touched.
 */
export function planImageTagUpdate(files: FileText[], request: ImageTagRequest): ImageTagPlan {
  const results: RewriteResult[] = [];
  for (const { path, text } of files) {
    if (text === null) {
      throw new ConfigurationError(
        `Input 'files': '${path}' does not exist. Check the path (relative to the repository root, or to 'path' with pull-request: false).`,
      );
    }
    results.push(
      rewriteImageTag(text, {
        file: path,
        format: request.format,
        keys: request.keys,
        values: request.values,
      }),
    );
  }
  const changed = results.filter((result) => result.changed);
  const oldTags: Record<string, string> = {};
  for (const result of results) {
    const first =
      result.changes.find((change) => change.kind === 'tag' || change.kind === 'image') ?? result.changes[0];
    if (first) oldTags[result.file] = first.oldValue;
  }
  return {
    results,
    changedFiles: changed.map((result) => result.file),
    newTexts: new Map(changed.map((result) => [result.file, result.text])),
    changes: results.flatMap((result) => result.changes),
    oldTags,
    warnings: results.flatMap((result) => result.warnings),
  };
}

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

/** Reads, plans and writes the files in a local checkout. Nothing is written unless every file succeeds. */
export async function updateLocalFiles(
  root: string,
  patterns: string[],
  request: ImageTagRequest,
): Promise<ImageTagPlan> {
  const paths = await expandPatterns(patterns, root);
  const files: FileText[] = await Promise.all(
    paths.map(async (path) => ({
      path,
      text: decodeUtf8(path, await readFile(confinePath(root, path, 'files')).catch(() => null)),
    })),
  );
  const plan = planImageTagUpdate(files, request);
  await writeFilesAtomically(root, plan.newTexts);
  return plan;
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

export function relativeTo(root: string, file: string): string {
  return relative(root, file).split(sep).join('/');
}
