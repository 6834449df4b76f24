// The workflow run as the runner describes it: event payload, repository, run URL, and the commits.
import { existsSync, readFileSync } from 'node:fs';
import type { Repo } from './github-client.js';

export interface EventPayload extends Record<string, unknown> {
  pull_request?: { number: number; head: { sha: string }; base: { sha: string } };
  /** A merge queue's group: head_sha is the queued merge result, built on base_sha. */
  merge_group?: { head_sha: string; base_sha: string; head_ref?: string; base_ref?: string };
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
  /** The pull request's head and base commits (pull_request events), or the merge group's (merge_group). */
  headSha?: string;
  baseSha?: string;
}

/** The commits an event changes; `threeDot`: compare with `git diff base...head` rather than `base..head`. */
export interface ChangeRange {
  base: string;
  head: string;
  threeDot: boolean;
}

/**
 * A pull request's base and head (three dots: what the branch changed since it left the base), a merge
 * group's base and queued merge result (built on the base, so two dots suffice and need no merge base), a
 * push's before and after (two dots); undefined for other events and a branch's first push.
 */
export function changeRange(context: Pick<RunContext, 'event'>): ChangeRange | undefined {
  const { pull_request: pr, merge_group: group, before, after } = context.event;
  if (pr) return { base: pr.base.sha, head: pr.head.sha, threeDot: true };
  if (group) return { base: group.base_sha, head: group.head_sha, threeDot: false };
  if (before && after && !/^0+$/.test(before)) return { base: before, head: after, threeDot: false };
  return undefined;
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
    headSha: event.pull_request?.head?.sha ?? event.merge_group?.head_sha,
    baseSha: event.pull_request?.base?.sha ?? event.merge_group?.base_sha,
  };
}
