import { describe, expect, it } from '@jest/globals';
import { retry } from '../../../src/lib/retry.js';

describe('retry', () => {
  it('retries retryable errors with full-jitter backoff and an injected sleep', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await retry(
      async () => {
        calls++;
        if (calls < 3) throw new Error('transient');
        return 'ok';
      },
      { isRetryable: () => true, baseMs: 100, sleep: async (ms) => void waits.push(ms), random: () => 0.5 },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(waits).toEqual([50, 100]);
  });

  it('stops at once on an error that is not retryable', async () => {
    let calls = 0;
    await expect(
      retry(
        async () => {
          calls++;
          throw new Error('denied');
        },
        { isRetryable: () => false, sleep: async () => {} },
      ),
    ).rejects.toThrow('denied');
    expect(calls).toBe(1);
  });

  it('gives up after maxAttempts and honours a wait the classifier asks for', async () => {
    const waits: number[] = [];
    let calls = 0;
    await expect(
      retry(
        async () => {
          calls++;
          throw new Error(`fail ${calls}`);
        },
        { isRetryable: () => 1234, maxAttempts: 3, sleep: async (ms) => void waits.push(ms) },
      ),
    ).rejects.toThrow('fail 3');
    expect(waits).toEqual([1234, 1234]);
  });
});
