import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods';
import type { Logger } from './logger.js';
import { redactRequestFields } from './redact.js';
import { realSleep, retry, type Sleep } from './retry.js';
import { USER_AGENT } from './version.js';

// Octokit on the runtime's fetch, which honours HTTPS_PROXY/NO_PROXY (src/lib/proxy.ts) without bundling a
// second HTTP stack; the same REST methods and pagination @actions/github's getOctokit offers.
const GitHubOctokit = Octokit.plugin(restEndpointMethods, paginateRest);
export type GitHubClient = InstanceType<typeof GitHubOctokit>;

/** A repository, as the REST API's path parameters name it. */
export interface Repo {
  owner: string;
  repo: string;
}

export interface GitHubClientOptions {
  token: string;
  /** REST base URL; default GITHUB_API_URL, else https://api.github.com. */
  apiUrl?: string;
  /** GraphQL endpoint; default GITHUB_GRAPHQL_URL, else derived from the REST base URL by Octokit. */
  graphqlUrl?: string;
  logger?: Logger;
  sleep?: Sleep;
  maxAttempts?: number;
  /** Longest wait honoured for a rate limit before giving up, in ms. */
  maxRateLimitWaitMs?: number;
  env?: NodeJS.ProcessEnv;
}

interface HttpError {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined> };
}

/**
 * Decides whether a failed GitHub request is retried and after how long: 5xx and network errors back off;
 * secondary rate limits (403/429) wait for Retry-After; other 4xx fail at once.
 */
export function githubRetryDelay(error: unknown, maxWaitMs: number, now = Date.now()): boolean | number {
  const { status, message = '', response } = (error ?? {}) as HttpError;
  const headers = response?.headers ?? {};
  if (status === undefined) return !(error instanceof TypeError && /invalid url/i.test(message));
  if (status >= 500) return true;
  if (status === 403 || status === 429) {
    const retryAfter = Number(headers['retry-after']);
    if (Number.isFinite(retryAfter) && headers['retry-after'] !== undefined) {
      return retryAfter * 1000 <= maxWaitMs ? retryAfter * 1000 : false;
    }
    if (/secondary rate limit/i.test(message)) return Math.min(60_000, maxWaitMs);
    if (String(headers['x-ratelimit-remaining']) === '0') {
      const waitMs = Number(headers['x-ratelimit-reset']) * 1000 - now;
      return waitMs > 0 && waitMs <= maxWaitMs ? waitMs : false;
    }
  }
  return false;
}

/** Octokit for GitHub.com or GitHub Enterprise Server, with retries that honour rate limits. */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const env = options.env ?? process.env;
  const apiUrl = (options.apiUrl ?? env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
  const graphqlUrl = options.graphqlUrl ?? env.GITHUB_GRAPHQL_URL;
  const sleep = options.sleep ?? realSleep;
  const maxWaitMs = options.maxRateLimitWaitMs ?? 120_000;
  const octokit = new GitHubOctokit({ auth: options.token, baseUrl: apiUrl, userAgent: USER_AGENT });
  octokit.hook.wrap('request', (request, requestOptions) => {
    // Every text for people (comment and PR bodies, titles, commit messages, statuses) is redacted here, in
    // place: the inner hooks (authentication) were bound to this very object.
    Object.assign(requestOptions, redactRequestFields(requestOptions));
    if (graphqlUrl && requestOptions.url === '/graphql') requestOptions.url = graphqlUrl;
    return retry(async () => request(requestOptions), {
      maxAttempts: options.maxAttempts ?? 4,
      baseMs: 1000,
      sleep,
      isRetryable: (error) => githubRetryDelay(error, maxWaitMs),
      onRetry: (error, attempt, waitMs) =>
        options.logger?.warning(
          `GitHub ${requestOptions.method} ${requestOptions.url} failed (${(error as HttpError).status ?? 'network'}); attempt ${attempt + 1} in ${Math.round(waitMs / 1000)} s.`,
        ),
    });
  });
  return octokit;
}
