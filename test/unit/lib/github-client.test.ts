import { describe, expect, it } from '@jest/globals';
import { githubRetryDelay } from '../../../src/lib/github-client.js';

const error = (status: number | undefined, headers: Record<string, string> = {}, message = '') => ({
  status,
  message,
  response: { headers },
});

describe('githubRetryDelay', () => {
  it('backs off on 5xx and network errors', () => {
    expect(githubRetryDelay(error(502), 60_000)).toBe(true);
    expect(githubRetryDelay(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 60_000)).toBe(
      true,
    );
  });

  it('does not retry client errors', () => {
    for (const status of [400, 401, 404, 422]) expect(githubRetryDelay(error(status), 60_000)).toBe(false);
    expect(githubRetryDelay(error(403, {}, 'Resource not accessible by integration'), 60_000)).toBe(false);
  });

  it('waits for Retry-After on a secondary rate limit, within the allowed wait', () => {
    const limited = error(403, { 'retry-after': '3' }, 'You have exceeded a secondary rate limit');
    expect(githubRetryDelay(limited, 60_000)).toBe(3000);
    expect(githubRetryDelay(limited, 1000)).toBe(false);
    expect(githubRetryDelay(error(429, { 'retry-after': '0' }), 60_000)).toBe(0);
  });

  it('waits for the primary rate limit reset when it is near', () => {
    const now = 1_000_000_000_000;
    const reset = String(now / 1000 + 10);
    const limited = error(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset });
    expect(githubRetryDelay(limited, 60_000, now)).toBe(10_000);
    expect(githubRetryDelay(limited, 5_000, now)).toBe(false);
  });
});
