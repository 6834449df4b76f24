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

// Uses jest's injected globals (not @jest/globals) so that scripts outside jest can import this module.

/**
 * describe() for tests that need real tools. Where one is missing the suite is skipped with a message
 * naming it and the install command — except in CI (CI=true), where a missing tool is a failure.
 */
export function describeWithTools(tools: string[], name: string, fn: () => void): void {
  const missing = missingTools(tools);
  if (missing.length === 0) {
    describe(name, fn);
    return;
  }
  const message = `needs ${missing.join(', ')}: install with \`npm run provision\` (scripts/provision)`;
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('has its tools installed', () => {
        throw new Error(`${name} ${message}`);
      });
    });
  } else {
    process.stderr.write(`skip: ${name} — ${message}\n`);
    describe.skip(`${name} (${message})`, fn);
  }
}
