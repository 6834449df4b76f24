// The workflow run as the runner describes it: event payload, repository, run URL, and the commits.
import { existsSync, readFileSync } from 'node:fs';
import type { Repo } from './github-client.js';

export interface EventPayload extends Record<string, unknown> {
  pull_request?: { number: number; head: { sha: string }; base: { sha: string } };
  issue?: { number: number; pull_request?: unknown };
  comment?: { id: number; body?: string; user?: { login: string } };
  before?: string;
  after?: string;
  ref?: string;
  repository?: { default_branch?: string };
  sender?: { login: string };
}

export interface RunContext {
  eventName: string;
  event: EventPayload;
  repo?: Repo;
  workflow: string;
  workspace: string;
  sha: string;
  runUrl?: string;
  /** GITHUB_RUN_ID: the run whose artifacts hold this run's files. */
  runId?: number;
  temp: string;
  /** The pull request's head and base commits, on pull_request events. */
  headSha?: string;
  baseSha?: string;
}

/** The event payload at GITHUB_EVENT_PATH, or undefined when there is none or it is not JSON. */
export function readEvent(path: string | undefined): EventPayload | undefined {
  if (!path || !existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as EventPayload;
  } catch {
    return undefined;
  }
}

/** `owner/name` from GITHUB_REPOSITORY. */
export function readRepo(env: NodeJS.ProcessEnv): Repo | undefined {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  return owner && repo ? { owner, repo } : undefined;
}

/** Link to the running workflow run, when running in Actions. */
export function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  const server = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  return env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
    ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
    : undefined;
}

export function readRunContext(env: NodeJS.ProcessEnv, defaults: { workflow?: string } = {}): RunContext {
  const event = readEvent(env.GITHUB_EVENT_PATH) ?? {};
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    event,
    repo: readRepo(env),
    workflow: env.GITHUB_WORKFLOW ?? defaults.workflow ?? '',
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    sha: env.GITHUB_SHA ?? '',
    runUrl: runUrl(env),
    runId: /^\d+$/.test(env.GITHUB_RUN_ID ?? '') ? Number(env.GITHUB_RUN_ID) : undefined,
    temp: env.RUNNER_TEMP ?? '/tmp',
    headSha: event.pull_request?.head?.sha,
    baseSha: event.pull_request?.base?.sha,
  };
}
