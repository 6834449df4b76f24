import { readFile } from 'node:fs/promises';
import { ConfigurationError } from '../lib/errors.js';
import { confinePath } from '../lib/paths.js';
import { decodeUtf8, expandPatterns, writeFilesAtomically } from '../lib/files.js';
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
  allowAliases?: boolean;
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
        allowAliases: request.allowAliases,
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

/**
 * Reads, plans and writes the files in a local checkout. Nothing is written unless every file succeeds
 * and `check` (the render check) accepts the plan.
 */
export async function updateLocalFiles(
  root: string,
  patterns: string[],
  request: ImageTagRequest,
  check?: (plan: ImageTagPlan, before: Map<string, string>) => Promise<unknown>,
): Promise<ImageTagPlan> {
  const paths = await expandPatterns(patterns, root);
  const files: FileText[] = await Promise.all(
    paths.map(async (path) => ({
      path,
      text: decodeUtf8(path, await readFile(confinePath(root, path, 'files')).catch(() => null)),
    })),
  );
  const plan = planImageTagUpdate(files, request);
  await check?.(plan, new Map(files.map((file) => [file.path, file.text ?? ''])));
  await writeFilesAtomically(root, plan.newTexts);
  return plan;
}
