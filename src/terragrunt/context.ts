// The workflow run's context as the Terragrunt actions use it.
import { ConfigurationError } from '../lib/errors.js';
import type { Repo } from '../lib/github-client.js';
import type { RunContext } from '../lib/run-context.js';

export type { RunContext } from '../lib/run-context.js';

export function requireRepo(context: RunContext): Repo {
  if (!context.repo)
    throw new ConfigurationError('GITHUB_REPOSITORY is not set: run this action in a workflow.');
  return context.repo;
}

/** Units from an input: a JSON array or string (e.g. `toJSON(matrix.units)`), or items separated by spaces, commas or newlines. */
export function parseUnits(raw: string | undefined): string[] {
  let value: unknown = raw?.trim() ?? '';
  if (typeof value === 'string' && /^[["]/.test(value)) {
    try {
      value = JSON.parse(value);
    } catch {
      // not JSON: split the text
    }
  }
  const items = Array.isArray(value) ? value.map(String) : String(value).split(/[\s,]+/);
  return [
    ...new Set(
      items
        .map((unit) =>
          unit
            .trim()
            .replace(/^\.\/+/, '')
            .replace(/\/+$/, ''),
        )
        .filter(Boolean),
    ),
  ];
}

/** Environment for child processes: this process's, without action inputs or the OIDC request token. */
export function childEnv(env: NodeJS.ProcessEnv, extra: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || key.startsWith('INPUT_') || key.startsWith('ACTIONS_ID_TOKEN_REQUEST'))
      continue;
    out[key] = value;
  }
  return { ...out, ...extra };
}
