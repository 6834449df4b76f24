// The parts of the workflow run's context the Terragrunt actions use, read from the runner's environment.
import { readFileSync } from 'node:fs';
import { ConfigurationError } from '../lib/errors.js';
import type { Repo } from '../lib/github-client.js';

export interface RunContext {
  eventName: string;
  event: Record<string, unknown> & {
    pull_request?: { number: number; head: { sha: string }; base: { sha: string } };
    issue?: { number: number; pull_request?: unknown };
    comment?: { id: number; body?: string; user?: { login: string } };
    before?: string;
    after?: string;
    ref?: string;
    repository?: { default_branch?: string };
    sender?: { login: string };
  };
  repo?: Repo;
  workflow: string;
  workspace: string;
  sha: string;
  runUrl?: string;
  temp: string;
}

export function readContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  let event: RunContext['event'] = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as RunContext['event'];
    } catch {
      event = {};
    }
  }
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const server = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    event,
    repo: owner && repo ? { owner, repo } : undefined,
    workflow: env.GITHUB_WORKFLOW ?? 'terragrunt',
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    sha: env.GITHUB_SHA ?? '',
    runUrl:
      env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
        ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
        : undefined,
    temp: env.RUNNER_TEMP ?? '/tmp',
  };
}

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
