import { afterEach, beforeEach } from '@jest/globals';
import { createGitHubClient, type GitHubClient } from '../../../src/lib/github-client.js';
import { startGitHubEmulator, type GitHubEmulator } from '../../harness/github/index.js';

export interface Harness {
  github: GitHubEmulator;
  octokit: GitHubClient;
  /** Waits the client asked for (retries), instead of sleeping. */
  waits: number[];
  client(token: string): GitHubClient;
}

/** A fresh emulator and client per test; stop() fails the test on any schema violation. */
export function useEmulator(): Harness {
  const harness = { waits: [] as number[] } as unknown as Harness;
  beforeEach(async () => {
    harness.github = await startGitHubEmulator();
    harness.waits.length = 0;
    harness.client = (token: string) =>
      createGitHubClient({
        token,
        apiUrl: harness.github.apiUrl,
        graphqlUrl: harness.github.graphqlUrl,
        maxAttempts: 1,
      });
    harness.octokit = createGitHubClient({
      token: harness.github.token,
      apiUrl: harness.github.apiUrl,
      graphqlUrl: harness.github.graphqlUrl,
      sleep: async (ms) => {
        harness.waits.push(ms);
      },
    });
  });
  afterEach(async () => {
    await harness.github.stop();
  });
  return harness;
}

export function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** The status of a rejected Octokit call. */
export async function statusOf(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { status?: number; message?: string };
    return { status: e.status ?? 0, message: e.message ?? '' };
  }
  throw new Error('expected the call to fail');
}

/** The GitHub-style errors of a rejected Octokit GraphQL call. */
export async function graphqlError(
  promise: Promise<unknown>,
): Promise<{ errors: { type?: string; message: string }[] }> {
  try {
    await promise;
  } catch (error) {
    const errors = (error as { errors?: { type?: string; message: string }[] }).errors;
    if (errors) return { errors };
    throw error;
  }
  throw new Error('expected the GraphQL call to fail');
}
