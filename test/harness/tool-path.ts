// Where the tests find real tools; free of jest so scripts can use it too.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { REPO_ROOT } from './run-action.js';

/** Project-local tools folder filled by scripts/provision; searched before PATH. */
export const TOOLS_BIN = join(REPO_ROOT, '.tools', 'bin');

/** PATH with the project's tools first; pass as env.PATH to child processes. */
export const TOOLS_PATH = [
  TOOLS_BIN,
  '/usr/lib/postgresql/15/bin',
  '/usr/sbin',
  '/sbin',
  process.env.PATH ?? '',
].join(delimiter);

/** Absolute path of a tool, or undefined when it is not installed. */
export function findTool(name: string): string | undefined {
  for (const dir of TOOLS_PATH.split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function missingTools(tools: string[]): string[] {
  return tools.filter((tool) => findTool(tool) === undefined);
}
