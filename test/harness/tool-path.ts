// Where the tests find real tools; free of jest so scripts can use it too.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export const REPO_ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

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

/**
 * The Node that runs the bundles, as `using: node24` does on a runner: .tools/bin/node24 from scripts/provision
 * (or ACTIONS_NODE). Jest itself runs on the developer's Node; only the bundles need the runner's runtime.
 */
export function actionsNode(): string {
  const node = process.env.ACTIONS_NODE || join(TOOLS_BIN, 'node24');
  if (!existsSync(node)) {
    throw new Error(
      `Node 24 (the runtime of the actions' \`using: node24\`) is not installed at ${node}: run \`npm run provision\` (scripts/provision node).`,
    );
  }
  return node;
}
